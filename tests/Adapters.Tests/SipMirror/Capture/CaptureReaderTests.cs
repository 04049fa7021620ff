using System.Net;
using System.Text;
using Middleware.Adapters.SipMirror;
using Middleware.Core.Media;
using Middleware.Adapters.SipMirror.Capture;
using Middleware.Adapters.SipMirror.Dialogs;
using Middleware.Adapters.SipMirror.Rtp;
using Middleware.Core.Events;
using Middleware.TestSupport;
using PacketDotNet;

namespace Middleware.Adapters.Tests.SipMirror.Capture;

public sealed class CaptureReaderTests : IDisposable
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-26T09:00:00Z");
    private static readonly IPEndPoint CallerSip = new(IPAddress.Parse("10.0.0.9"), 5060);
    private static readonly IPEndPoint AgentSip = new(IPAddress.Parse("10.0.0.5"), 5060);
    private static readonly IPEndPoint CallerMedia = new(IPAddress.Parse("10.0.0.9"), 16000);
    private static readonly IPEndPoint AgentMedia = new(IPAddress.Parse("10.0.0.5"), 20000);
    private readonly TempDirectory _dir = new();
    private readonly List<SipCallEvent> _events = [];

    public void Dispose() => _dir.Dispose();

    private SipMirrorProcessor Processor() =>
        new(new SipCallTrackerOptions { CallIdPrefix = "span:", InternalNumbers = "^8\\d{3}$" }, new RtpOptions { WavDirectory = _dir.Path, EmitAudio = false });

    private static byte[] Audio(string name, int bytes) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "SipMirror", "Audio", name))[..bytes];

    /// <summary>One answered call as a mirror port sees it: SIP over UDP, two seconds of G.711 each way, BYE.</summary>
    private static List<(double At, byte[] Ip)> MirroredCall(string callId = "span-1@10.0.0.9")
    {
        var flow = new SipFlow(callId);
        var packets = new List<(double, byte[])>();
        void Sip(double at, IPEndPoint from, IPEndPoint to, Middleware.Adapters.SipMirror.Sip.SipMessage message) =>
            packets.Add((at, Frames.Ip(from, to, Frames.Udp, Frames.UdpSegment(from, to, message.Raw.Span))));

        Sip(0, CallerSip, AgentSip, flow.Invite());
        Sip(0.01, AgentSip, CallerSip, flow.Response(100, "Trying", "INVITE", 1, null));
        Sip(0.5, AgentSip, CallerSip, flow.Response(180, "Ringing", "INVITE", 1, "a-tag"));
        Sip(1, AgentSip, CallerSip, flow.Response(200, "OK", "INVITE", 1, "a-tag", SipFlow.Sdp("10.0.0.5", 20000)));
        Sip(1.01, CallerSip, AgentSip, flow.Request("ACK", "sip:8001@10.0.0.5", 1, "a-tag"));
        var caller = Audio("caller-ulaw.raw", 16000);
        var agent = Audio("agent-ulaw.raw", 16000);
        for (var i = 0; i < 100; i++)
        {
            var at = 1.02 + (i * 0.02);
            var rtp = Frames.Rtp(0, (ushort)(65500 + i), (uint)(i * 160), 0x1111, caller.AsSpan(i * 160, 160), marker: i == 0); // the sequence wraps
            packets.Add((at, Frames.Ip(CallerMedia, AgentMedia, Frames.Udp, Frames.UdpSegment(CallerMedia, AgentMedia, rtp))));
            rtp = Frames.Rtp(0, (ushort)(7 + i), (uint)(9000 + (i * 160)), 0x2222, agent.AsSpan(i * 160, 160), marker: i == 0);
            packets.Add((at + 0.005, Frames.Ip(AgentMedia, CallerMedia, Frames.Udp, Frames.UdpSegment(AgentMedia, CallerMedia, rtp))));
        }

        Sip(3.1, CallerSip, AgentSip, flow.Request("BYE", "sip:8001@10.0.0.5", 2, "a-tag"));
        Sip(3.11, AgentSip, CallerSip, flow.Response(200, "OK", "BYE", 2, "a-tag"));
        return packets;
    }

    [Theory]
    [InlineData("ethernet")]
    [InlineData("vlan")]
    [InlineData("linux-cooked")]
    public void A_capture_file_gives_the_call_its_quality_and_both_legs_audio_whatever_the_link_layer(string link)
    {
        var path = Path.Combine(_dir.Path, link + ".pcap");
        using (var pcap = new PcapFile(path, link == "linux-cooked" ? PcapFile.LinuxCooked : PcapFile.Ethernet))
        {
            foreach (var (at, ip) in MirroredCall())
            {
                pcap.Write(T0.AddSeconds(at), link switch { "vlan" => Frames.Ethernet(ip, vlan: 42), "linux-cooked" => Frames.LinuxCooked(ip), _ => Frames.Ethernet(ip) });
            }
        }

        var processor = Processor();
        var reader = new CaptureReader(processor);
        reader.ReadFile(path, _events);

        Assert.Equal(["CallStarted", "CallRinging", "CallAnswered", "CallEnded", "MediaQuality", "MediaQuality"], _events.Select(e => e.Payload.Kind));
        Assert.All(_events, e => Assert.Equal("span:span-1@10.0.0.9", e.CallId));
        Assert.Equal(T0.AddSeconds(3.1), _events[3].OccurredAt);
        Assert.Equal((0, 0L, 207L), (reader.NotIp, processor.RejectedTotal, reader.Packets));
        var quality = _events.Select(e => e.Payload).OfType<MediaQuality>().ToDictionary(q => q.Leg);
        Assert.Equal((100L, 0L, "PCMU"), (quality[Speaker.Caller].Packets, quality[Speaker.Caller].Lost, quality[Speaker.Caller].Codec));
        Assert.Equal((100L, 0L, "PCMU"), (quality[Speaker.Agent].Packets, quality[Speaker.Agent].Lost, quality[Speaker.Agent].Codec));
        AssertDecodes(Audio("caller-ulaw.raw", 16000), processor.Media.WavFiles.Single(f => f.EndsWith("-caller.wav")));
        AssertDecodes(Audio("agent-ulaw.raw", 16000), processor.Media.WavFiles.Single(f => f.EndsWith("-agent.wav")));
    }

    private static void AssertDecodes(byte[] ulaw, string wav)
    {
        var expected = new short[ulaw.Length];
        G711.DecodeMuLaw(ulaw, expected);
        var (samples, rate) = WavWriter.Read(wav);
        Assert.Equal(8000, rate);
        Assert.Equal(expected, samples);
    }

    [Theory]
    [InlineData("10.0.0.9", "10.0.0.5")]
    [InlineData("2001:db8::9", "2001:db8::5")]
    public void An_invite_too_big_for_one_datagram_is_put_back_together_from_fragments_in_any_order(string caller, string agent)
    {
        var from = new IPEndPoint(IPAddress.Parse(caller), 5060);
        var to = new IPEndPoint(IPAddress.Parse(agent), 5060);
        var padding = string.Concat(Enumerable.Range(0, 60).Select(i => $"a=x-codec-option-{i}:{new string('z', 40)}\r\n"));
        var invite = new SipFlow("frag@h").Invite(sdp: SipFlow.Sdp("10.0.0.9", 16000) + padding);
        var fragments = Frames.Fragments(from.Address, to.Address, Frames.Udp, Frames.UdpSegment(from, to, invite.Raw.Span), 1400, 77);
        Assert.Equal(3, fragments.Count);
        var reader = new CaptureReader(Processor());

        foreach (var fragment in new[] { fragments[2], fragments[0], fragments[1] })
        {
            reader.Add(LinkLayers.Ethernet, Frames.Ethernet(fragment), T0, _events);
        }

        var started = Assert.IsType<CallStarted>(Assert.Single(_events).Payload);
        Assert.Equal(("13800138000", "8001"), (started.CallerNumber, started.DialedNumber));
        Assert.Equal(1, reader.Ip.Reassembled);
    }

    [Fact]
    public void Sip_over_tcp_is_cut_into_messages_across_segments_with_retransmissions_and_reordering()
    {
        var flow = new SipFlow("tcp@h");
        var up = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(flow.Invite().Raw.Span));
        var ack = flow.Request("ACK", "sip:8001@10.0.0.5", 1, "a-tag").Raw.ToArray();
        var bye = flow.Request("BYE", "sip:8001@10.0.0.5", 2, "a-tag").Raw.ToArray();
        var down = flow.Response(100, "Trying", "INVITE", 1, null).Raw.ToArray()
            .Concat(flow.Response(180, "Ringing", "INVITE", 1, "a-tag").Raw.ToArray()).ToArray();
        var ok = flow.Response(200, "OK", "INVITE", 1, "a-tag", SipFlow.Sdp("10.0.0.5", 20000)).Raw.ToArray();
        var byeOk = flow.Response(200, "OK", "BYE", 2, "a-tag").Raw.ToArray();
        var reader = new CaptureReader(Processor());
        var at = 0.0;
        void Send(IPEndPoint from, IPEndPoint to, uint seq, ReadOnlySpan<byte> payload, byte flags = 0x18) =>
            reader.Add(LinkLayers.Ethernet, Frames.Ethernet(Frames.Ip(from, to, Frames.Tcp, Frames.TcpSegment(from, to, seq, payload, flags))), T0.AddSeconds(at += 0.01), _events);

        const uint up0 = 4_294_967_000; // the sequence number wraps inside the INVITE
        const uint down0 = 1000;
        Send(CallerSip, AgentSip, up0 - 1, [], 0x02);
        Send(AgentSip, CallerSip, down0 - 1, [], 0x12);
        Send(CallerSip, AgentSip, up0, up.AsSpan(0, 100));
        Send(CallerSip, AgentSip, up0 + 250, up.AsSpan(250)); // ahead of a hole
        Send(CallerSip, AgentSip, up0 + 100, up.AsSpan(100, 150)); // fills it
        Send(CallerSip, AgentSip, up0, up.AsSpan(0, 300)); // a retransmission overlapping what came
        Send(AgentSip, CallerSip, down0, down); // 100 and 180 in one segment
        Send(AgentSip, CallerSip, down0 + (uint)down.Length, ok.AsSpan(0, 10));
        Send(AgentSip, CallerSip, down0 + (uint)down.Length + 10, ok.AsSpan(10));
        Send(CallerSip, AgentSip, up0 + (uint)up.Length, ack.Concat(bye).ToArray()); // ACK and BYE in one segment
        Send(AgentSip, CallerSip, down0 + (uint)(down.Length + ok.Length), byeOk);

        Assert.Equal(["CallStarted", "CallRinging", "CallAnswered", "CallEnded"], _events.Select(e => e.Payload.Kind));
        Assert.Equal((0L, 0L), (reader.Tcp.Gaps, reader.Tcp.FramingErrors));
        Assert.Equal(1, reader.Tcp.Retransmissions);
        Assert.Equal(0, reader.Processor.Tracker.Stats.Duplicates);
    }

    [Fact]
    public void Every_truncation_of_every_frame_and_random_garbage_are_skipped_and_the_next_call_still_reads()
    {
        var reader = new CaptureReader(Processor());
        var random = new Random(4475);
        foreach (var (_, ip) in MirroredCall("broken@h").Where((_, i) => i < 6 || i % 40 == 0))
        {
            var frame = Frames.Ethernet(ip);
            for (var length = 0; length < frame.Length; length++)
            {
                reader.Add(LinkLayers.Ethernet, frame[..length], T0, _events);
            }

            var garbage = new byte[random.Next(1, 200)];
            random.NextBytes(garbage);
            reader.Add(LinkLayers.Ethernet, garbage, T0, _events);
            reader.Add(LinkLayers.LinuxSll, garbage, T0, _events);
        }

        _events.Clear();
        foreach (var (at, ip) in MirroredCall())
        {
            reader.Add(LinkLayers.Ethernet, Frames.Ethernet(ip), T0.AddSeconds(at + 10), _events);
        }

        Assert.Equal(["CallStarted", "CallRinging", "CallAnswered", "CallEnded", "MediaQuality", "MediaQuality"], _events.Select(e => e.Payload.Kind));
        Assert.True(reader.NotIp > 0);
    }

    /// <summary>An RTCP receiver report (RFC 3550 §6.4.2) with one block about <paramref name="source"/>.</summary>
    private static byte[] ReceiverReport(uint reporter, uint source, byte fractionLost, int cumulativeLost, uint jitter)
    {
        var rr = new byte[32];
        rr[0] = 0x81;
        rr[1] = 201;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(rr.AsSpan(2), 7);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(rr.AsSpan(4), reporter);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(rr.AsSpan(8), source);
        rr[12] = fractionLost;
        rr[13] = (byte)(cumulativeLost >> 16);
        rr[14] = (byte)(cumulativeLost >> 8);
        rr[15] = (byte)cumulativeLost;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(rr.AsSpan(20), jitter);
        return rr;
    }

    [Fact]
    public void Where_only_rtcp_is_mirrored_the_receivers_reports_give_the_quality()
    {
        var reader = new CaptureReader(Processor());
        var packets = MirroredCall().Where(p => !IsRtp(p.Ip)).ToList();
        var agentRtcp = new IPEndPoint(AgentMedia.Address, AgentMedia.Port + 1);
        var callerRtcp = new IPEndPoint(CallerMedia.Address, CallerMedia.Port + 1);

        // The agent's side reports on the caller's stream: 10% lost lately, 50 in all, jitter 160 units (20 ms).
        packets.Insert(5, (2.5, Frames.Ip(agentRtcp, callerRtcp, Frames.Udp, Frames.UdpSegment(agentRtcp, callerRtcp, ReceiverReport(0x2222, 0x1111, 26, 50, 160)))));
        foreach (var (at, ip) in packets)
        {
            reader.Add(LinkLayers.Ethernet, Frames.Ethernet(ip), T0.AddSeconds(at), _events);
        }

        var quality = Assert.Single(_events.Select(e => e.Payload).OfType<MediaQuality>());
        Assert.Equal((Speaker.Caller, 50L, 20.0, "rtcp"), (quality.Leg, quality.Lost, quality.JitterMs, quality.MeasuredFrom));
        Assert.InRange(quality.Mos, 1.0, 3.9); // 10% loss is heard
    }

    /// <summary>An RTP packet of <see cref="MirroredCall"/>: IPv4 (20 bytes), UDP (8) from a media port, RTP version 2.</summary>
    private static bool IsRtp(byte[] ip) => ip.Length > 28 && ip[28] == 0x80 && (ip[20] << 8 | ip[21]) is 16000 or 20000;

    [Fact]
    public void Rtp_from_a_natted_port_the_sdp_never_named_is_still_the_callers_leg()
    {
        var reader = new CaptureReader(Processor());
        var natted = new IPEndPoint(IPAddress.Parse("203.0.113.7"), 40112); // what the caller's router rewrote it to
        foreach (var (at, ip) in MirroredCall())
        {
            var frame = ip;
            if (IsRtp(ip) && (ip[20] << 8 | ip[21]) == CallerMedia.Port)
            {
                var rtp = ip.AsSpan(28).ToArray();
                frame = Frames.Ip(natted, AgentMedia, Frames.Udp, Frames.UdpSegment(natted, AgentMedia, rtp));
            }

            reader.Add(LinkLayers.Ethernet, Frames.Ethernet(frame), T0.AddSeconds(at), _events);
        }

        var quality = _events.Select(e => e.Payload).OfType<MediaQuality>().ToDictionary(q => q.Leg);
        Assert.Equal((100L, 0L), (quality[Speaker.Caller].Packets, quality[Speaker.Caller].Lost));
        Assert.Equal(100L, quality[Speaker.Agent].Packets);
    }
}
