using Middleware.Core.Media;
using Middleware.Adapters.SipMirror.Rtp;
using Middleware.Adapters.Tests.SipMirror.Capture;

namespace Middleware.Adapters.Tests.SipMirror.Rtp;

public sealed class RtpLegStreamTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-26T09:00:00Z");
    private readonly RtpLegStream _leg = new(8000, 101, new RtpOptions());
    private readonly byte[] _speech = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "SipMirror", "Audio", "caller-ulaw.raw"))[..(160 * 180)];

    private (char Digit, int DurationMs)? Send(int index, ushort sequence, uint ssrc = 0xCAFE, double arrivalOffsetMs = 0, uint timestampShift = 0, byte payloadType = 0)
    {
        var payload = payloadType == 13 ? new byte[] { 40 } : _speech.AsSpan(index * 160, 160).ToArray();
        var packet = Frames.Rtp(payloadType, sequence, (uint)(index * 160) + timestampShift, ssrc, payload);
        Assert.True(RtpHeader.TryParse(packet, out var header));
        _leg.Add(header, packet, T0.AddMilliseconds((index * 20) + arrivalOffsetMs), out var digit);
        return digit;
    }

    private static short[] Pcm(RtpLegStream leg) => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(leg.TakePcmBytes()).ToArray();

    private short[] Decoded(int fromPacket, int packets)
    {
        var pcm = new short[packets * 160];
        G711.DecodeMuLaw(_speech.AsSpan(fromPacket * 160, packets * 160), pcm);
        return pcm;
    }

    [Fact]
    public void Packets_in_order_decode_to_the_speech_with_no_loss_and_no_jitter()
    {
        for (var i = 0; i < 50; i++)
        {
            Send(i, (ushort)(1000 + i));
        }

        _leg.Drain();
        Assert.Equal(Decoded(0, 50), Pcm(_leg));
        Assert.Equal((50L, 50L, 0L, "PCMU"), (_leg.Received, _leg.Expected, _leg.Lost, _leg.Codec));
        Assert.Equal(0, _leg.Jitter, 6);
    }

    [Fact]
    public void Reordered_packets_inside_the_window_play_in_order_across_a_sequence_wrap()
    {
        var order = Enumerable.Range(0, 50).Chunk(3).SelectMany(c => c.Reverse()).ToList(); // 2,1,0,5,4,3…
        foreach (var i in order)
        {
            Send(i, (ushort)(65520 + i));
        }

        _leg.Drain();
        Assert.Equal(Decoded(0, 50), Pcm(_leg));
        Assert.Equal((50L, 0L, 0L), (_leg.Expected, _leg.Lost, _leg.Late));
    }

    [Fact]
    public void A_lost_packet_is_counted_and_its_time_kept_as_silence()
    {
        for (var i = 0; i < 50; i++)
        {
            if (i != 20)
            {
                Send(i, (ushort)i);
            }
        }

        _leg.Drain();
        var pcm = Pcm(_leg);
        Assert.Equal((1L, 50L, 49L), (_leg.Lost, _leg.Expected, _leg.Received));
        Assert.Equal(50 * 160, pcm.Length);
        Assert.All(pcm[(20 * 160)..(21 * 160)], s => Assert.Equal(0, s));
        Assert.Equal(Decoded(21, 29), pcm[(21 * 160)..]);
    }

    [Fact]
    public void Silence_suppression_and_comfort_noise_keep_the_real_length_of_the_call()
    {
        for (var i = 0; i < 10; i++)
        {
            Send(i, (ushort)i);
        }

        Send(10, 10, payloadType: 13); // comfort noise, then 400 ms of nothing
        for (var i = 30; i < 40; i++)
        {
            Send(i, (ushort)(i - 19));
        }

        _leg.Drain();
        var pcm = Pcm(_leg);
        Assert.Equal(40 * 160, pcm.Length);
        Assert.Equal(Decoded(30, 10), pcm[(30 * 160)..]);
        Assert.Equal(0L, _leg.Lost);
    }

    [Theory]
    [InlineData(false)] // the phone's timestamps stood still during the hold
    [InlineData(true)] // they ran on: a 20 s jump, beyond max_gap_fill
    public void A_hold_longer_than_max_gap_fill_is_filled_with_silence_so_the_legs_stay_aligned(bool timestampsRanOn)
    {
        for (var i = 0; i < 50; i++)
        {
            Send(i, (ushort)(1000 + i));
        }

        _leg.HoldStarted(T0.AddSeconds(1));
        _leg.HoldEnded();
        for (var i = 50; i < 100; i++)
        {
            Send(i, (ushort)(1000 + i), arrivalOffsetMs: 20_000, timestampShift: timestampsRanOn ? 20u * 8000 : 0);
        }

        _leg.Drain();
        var pcm = Pcm(_leg);
        Assert.Equal((100 * 160) + (20 * 8000), pcm.Length);
        Assert.Equal(Decoded(0, 50), pcm[..(50 * 160)]);
        Assert.All(pcm[(50 * 160)..((50 * 160) + (20 * 8000))], s => Assert.Equal(0, s));
        Assert.Equal(Decoded(50, 50), pcm[^(50 * 160)..]);
    }

    [Fact]
    public void Without_a_hold_a_long_timestamp_jump_is_still_not_filled()
    {
        for (var i = 0; i < 50; i++)
        {
            Send(i, (ushort)(1000 + i));
        }

        for (var i = 50; i < 100; i++)
        {
            Send(i, (ushort)(1000 + i), arrivalOffsetMs: 20_000, timestampShift: 20u * 8000);
        }

        _leg.Drain();
        Assert.Equal(100 * 160, Pcm(_leg).Length);
    }

    [Fact]
    public void A_new_ssrc_restarts_sequencing_without_inventing_loss()
    {
        for (var i = 0; i < 20; i++)
        {
            Send(i, (ushort)(100 + i), ssrc: 1);
        }

        for (var i = 20; i < 40; i++)
        {
            Send(i, (ushort)(40000 + i), ssrc: 2, timestampShift: 123456);
        }

        _leg.Drain();
        Assert.Equal((1, 40L, 0L), (_leg.SsrcChanges, _leg.TotalReceived, _leg.Lost));
        Assert.Equal(40 * 160, Pcm(_leg).Length);
    }

    [Fact]
    public void Jitter_follows_rfc3550_for_packets_arriving_five_ms_early_and_late()
    {
        for (var i = 0; i < 180; i++)
        {
            Send(i, (ushort)i, arrivalOffsetMs: i % 2 == 0 ? 5 : -5);
        }

        Assert.InRange(_leg.Jitter / 8, 9.5, 10.0); // |D| is 10 ms every packet, so J tends to 10 ms (80 units)
    }

    [Fact]
    public void A_telephone_event_is_one_digit_with_its_duration_though_its_end_is_sent_three_times()
    {
        var digits = new List<(char, int)>();
        for (var n = 0; n < 8; n++)
        {
            var end = n >= 5;
            var duration = (ushort)Math.Min((n + 1) * 160, 960);
            var packet = Frames.Rtp(101, (ushort)(500 + n), 8000, 0xCAFE, [10, (byte)(end ? 0x8A : 0x0A), (byte)(duration >> 8), (byte)duration], marker: n == 0);
            Assert.True(RtpHeader.TryParse(packet, out var header));
            _leg.Add(header, packet, T0.AddMilliseconds(n * 20), out var digit);
            if (digit is { } d)
            {
                digits.Add(d);
            }
        }

        Assert.Equal([('*', 120)], digits);
    }

    [Fact]
    public void Alaw_decodes_with_its_own_table()
    {
        var leg = new RtpLegStream(8000, null, new RtpOptions());
        var alaw = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "SipMirror", "Audio", "caller-alaw.raw"))[..1600];
        for (var i = 0; i < 10; i++)
        {
            var packet = Frames.Rtp(8, (ushort)i, (uint)(i * 160), 9, alaw.AsSpan(i * 160, 160));
            Assert.True(RtpHeader.TryParse(packet, out var header));
            leg.Add(header, packet, T0.AddMilliseconds(i * 20), out _);
        }

        leg.Drain();
        var expected = new short[1600];
        G711.DecodeALaw(alaw, expected);
        Assert.Equal(expected, Pcm(leg));
        Assert.Equal("PCMA", leg.Codec);
    }
}
