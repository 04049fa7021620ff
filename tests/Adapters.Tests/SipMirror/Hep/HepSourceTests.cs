using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Adapters.SipMirror.Hep;
using Middleware.Adapters.SipMirror.Sip;
using Middleware.Core.Events;
using Middleware.Core.Journal;
using Middleware.Core.Pipeline;
using Middleware.Samples.Mirror;

namespace Middleware.Adapters.Tests.SipMirror.Hep;

/// <summary>The listener over real loopback sockets: what an SBC or proxy sends arrives as call events, what is bad is counted.</summary>
public sealed class HepSourceTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-26T09:00:00Z");

    private static IEnumerable<(double At, SipMessage Message, bool FromCaller)> Call()
    {
        var flow = new SipFlow("hep-1@10.0.0.9");
        yield return (0, flow.Invite(), true);
        yield return (0.4, flow.Response(180, "Ringing", "INVITE", 1, "a"), false);
        yield return (2, flow.Response(200, "OK", "INVITE", 1, "a", SipFlow.Sdp("10.0.0.5", 20000)), false);
        yield return (2.01, flow.Request("ACK", "sip:8001@10.0.0.5", 1, "a"), true);
        yield return (32, flow.Request("BYE", "sip:8001@10.0.0.5", 2, "a"), true);
        yield return (32.01, flow.Response(200, "OK", "BYE", 2, "a"), false);
    }

    private static byte[] Hep((double At, SipMessage Message, bool FromCaller) m, string? authKey = "s3cret") => HepWriter.Write(new HepPacket
    {
        IpProtocol = 17,
        SourceAddress = IPAddress.Parse(m.FromCaller ? "10.0.0.9" : "10.0.0.5"),
        DestinationAddress = IPAddress.Parse(m.FromCaller ? "10.0.0.5" : "10.0.0.9"),
        SourcePort = 5060,
        DestinationPort = 5060,
        CapturedAt = T0.AddSeconds(m.At),
        PayloadType = HepPayloadType.Sip,
        CaptureAgentId = 7,
        AuthKey = authKey,
        Payload = m.Message.Raw,
    });

    private static async Task<HepSource> StartedSource(IEventPublisher published, bool tcp)
    {
        var source = new HepSource(new HepSourceOptions { Name = "sbc", UdpPort = tcp ? -1 : 0, TcpPort = tcp ? 0 : -1, AuthKey = "s3cret" }, new EventFactory(TimeProvider.System), NullLogger.Instance);
        await source.StartAsync(published, CancellationToken.None);
        return source;
    }

    private static void AssertTheCall(IReadOnlyList<EventEnvelope> events)
    {
        Assert.Equal(["CallStarted", "CallRinging", "CallAnswered", "CallEnded"], events.Select(e => e.Kind));
        Assert.All(events, e => Assert.Equal(("sbc", "sbc:hep-1@10.0.0.9"), (e.Source, e.CallId)));
        Assert.Equal(T0.AddSeconds(32), events[3].OccurredAt); // the agent's capture time, not arrival
        Assert.Equal(30, ((CallEnded)events[3].Payload).TalkSeconds!.Value, 3);
        Assert.StartsWith("INVITE sip:8001@10.0.0.5 SIP/2.0", events[0].Raw!.Text);
    }

    /// <summary>The call over HEP/UDP in order: set-up, then <paramref name="duringTheCall"/> (media, reports), then the hang-up.</summary>
    private static async Task SendCallAsync(HepSource source, Func<UdpClient, IPEndPoint, Task> duringTheCall)
    {
        using var udp = new UdpClient(AddressFamily.InterNetwork);
        var to = new IPEndPoint(IPAddress.Loopback, source.UdpPort!.Value);
        var call = Call().ToList();
        foreach (var message in call.Take(4))
        {
            await udp.SendAsync(Hep(message), to);
        }

        await duringTheCall(udp, to);
        foreach (var message in call.Skip(4))
        {
            await udp.SendAsync(Hep(message), to);
        }
    }

    /// <summary>A media packet as a relay mirrors it: caller 10.0.0.9:16000 ↔ agent 10.0.0.5:20000, RTCP on the port + 1.</summary>
    private static byte[] MediaHep(bool fromCaller, HepPayloadType type, double atSeconds, byte[] payload)
    {
        var rtcp = type == HepPayloadType.Rtcp ? 1 : 0;
        return HepWriter.Write(new HepPacket
        {
            IpProtocol = 17,
            SourceAddress = IPAddress.Parse(fromCaller ? "10.0.0.9" : "10.0.0.5"),
            DestinationAddress = IPAddress.Parse(fromCaller ? "10.0.0.5" : "10.0.0.9"),
            SourcePort = (ushort)((fromCaller ? 16000 : 20000) + rtcp),
            DestinationPort = (ushort)((fromCaller ? 20000 : 16000) + rtcp),
            CapturedAt = T0.AddSeconds(atSeconds),
            PayloadType = type,
            AuthKey = "s3cret",
            Payload = payload,
        });
    }

    [Fact]
    public async Task Udp_packets_with_the_right_key_become_a_call_and_wrong_keys_truncations_and_garbage_are_counted()
    {
        var published = new CollectingPublisher();
        await using var source = await StartedSource(published, tcp: false);
        using var udp = new UdpClient(AddressFamily.InterNetwork);
        var to = new IPEndPoint(IPAddress.Loopback, source.UdpPort!.Value);
        var invite = Hep(Call().First());

        await udp.SendAsync(Hep(Call().First(), authKey: "guess"), to);
        await udp.SendAsync(invite[..^40], to);
        await udp.SendAsync("GET / HTTP/1.1\r\n\r\n"u8.ToArray(), to);
        foreach (var message in Call())
        {
            await udp.SendAsync(Hep(message), to);
        }

        await published.WaitForAsync(e => e.Payload is CallEnded, TimeSpan.FromSeconds(10));
        AssertTheCall(published.Events);
        Assert.Equal(1, source.Processor.Rejected["hep: auth key mismatch"]);
        Assert.Equal(3, source.Processor.RejectedTotal);
        Assert.Equal(9, source.Received);
    }

    [Fact]
    public async Task Tcp_frames_split_and_joined_arbitrarily_with_junk_between_read_as_the_same_call()
    {
        var published = new CollectingPublisher();
        await using var source = await StartedSource(published, tcp: true);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, source.TcpPort!.Value);
        var stream = client.GetStream();
        var bytes = Call().SelectMany(m => Hep(m)).ToList();
        bytes.InsertRange(0, "junk"u8.ToArray());
        var all = bytes.ToArray();

        // Writes of 1, 7, 300 … bytes cut frames anywhere; the small ones are flushed one by one.
        var sizes = new[] { 1, 7, 300, 2, 1500, 64 };
        for (int offset = 0, i = 0; offset < all.Length; i++)
        {
            var size = Math.Min(sizes[i % sizes.Length], all.Length - offset);
            await stream.WriteAsync(all.AsMemory(offset, size));
            await stream.FlushAsync();
            offset += size;
        }

        await published.WaitForAsync(e => e.Payload is CallEnded, TimeSpan.FromSeconds(10));
        AssertTheCall(published.Events);
        Assert.True(source.Processor.Rejected.GetValueOrDefault("hep: tcp bytes between packets") >= 1, "the junk is counted");
        Assert.Equal(6, source.Received);
    }

    [Fact]
    public async Task Rtp_mirrored_over_hep_by_a_media_relay_gives_each_legs_quality_and_audio()
    {
        var published = new CollectingPublisher();
        await using var source = await StartedSource(published, tcp: false);
        var payload = Enumerable.Repeat((byte)0xFF, 160).ToArray();
        await SendCallAsync(source, async (udp, to) =>
        {
            for (var i = 0; i < 100; i++)
            {
                foreach (var fromCaller in new[] { true, false })
                {
                    var rtp = Capture.Frames.Rtp(0, (ushort)(i + (fromCaller ? 0 : 5000)), (uint)(i * 160), fromCaller ? 1u : 2u, payload);
                    await udp.SendAsync(MediaHep(fromCaller, HepPayloadType.Rtp, 2.02 + (i * 0.02), rtp), to);
                }
            }
        });

        await published.WaitForAsync(e => e.Payload is MediaQuality { Leg: Speaker.Agent }, TimeSpan.FromSeconds(10));
        var quality = published.Events.Select(e => e.Payload).OfType<MediaQuality>().ToDictionary(q => q.Leg);
        Assert.Equal((100L, 0L, "PCMU"), (quality[Speaker.Caller].Packets, quality[Speaker.Caller].Lost, quality[Speaker.Caller].Codec));
        Assert.Equal((100L, 0L, "PCMU"), (quality[Speaker.Agent].Packets, quality[Speaker.Agent].Lost, quality[Speaker.Agent].Codec));
        var audio = published.Events.Select(e => e.Payload).OfType<AudioChunk>().ToList();
        Assert.Equal(2 * 100 * 160 * 2, audio.Sum(c => c.Pcm.Length)); // 2 s of 16-bit PCM per leg
    }

    /// <summary>A journal that refuses the first <paramref name="refusals"/> batches (a full disk, a failover), then takes them.</summary>
    private sealed class RefusingJournal(int refusals) : IEventPublisher
    {
        private int _refused;

        public CollectingPublisher Accepted { get; } = new();

        public ValueTask PublishBatchAsync(IReadOnlyList<EventEnvelope> batch, CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref _refused) <= refusals ? throw new JournalAppendException("disk full") : Accepted.PublishBatchAsync(batch, cancellationToken);

        public ValueTask PublishAsync(EventEnvelope envelope, CancellationToken cancellationToken = default) => PublishBatchAsync([envelope], cancellationToken);
    }

    [Fact]
    public async Task Captured_calls_wait_out_a_journal_that_refuses_and_none_is_lost()
    {
        var journal = new RefusingJournal(refusals: 3);
        await using var source = await StartedSource(journal, tcp: false);
        using var udp = new UdpClient(AddressFamily.InterNetwork);
        foreach (var message in Call())
        {
            await udp.SendAsync(Hep(message), new IPEndPoint(IPAddress.Loopback, source.UdpPort!.Value));
        }

        await journal.Accepted.WaitForAsync(e => e.Payload is CallEnded, TimeSpan.FromSeconds(10));
        AssertTheCall(journal.Accepted.Events);
    }

    [Fact]
    public async Task Stopping_while_the_journal_still_refuses_does_not_hang()
    {
        var source = await StartedSource(new RefusingJournal(refusals: int.MaxValue), tcp: false);
        using var udp = new UdpClient(AddressFamily.InterNetwork);
        await udp.SendAsync(Hep(Call().First()), new IPEndPoint(IPAddress.Loopback, source.UdpPort!.Value));
        while (source.Received == 0)
        {
            await Task.Delay(10);
        }

        await source.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Rtcp_reports_a_pbx_sends_as_json_give_the_quality_of_a_call_whose_media_is_not_mirrored()
    {
        var published = new CollectingPublisher();
        await using var source = await StartedSource(published, tcp: false);

        // Asterisk res_hep_rtcp: the agent's side reports on the caller's stream, 10% lost lately, 50 in all, jitter 20 ms.
        var report = """{"ssrc":2222,"type":201,"report_count":1,"sender_information":null,"report_blocks":[{"source_ssrc":1111,"fraction_lost":26,"packets_lost":50,"highest_seq_no":1500,"ia_jitter":160,"lsr":"0","dlsr":0}]}""";
        await SendCallAsync(source, async (udp, to) => await udp.SendAsync(MediaHep(fromCaller: false, HepPayloadType.Rtcp, 20, System.Text.Encoding.UTF8.GetBytes(report)), to));

        await published.WaitForAsync(e => e.Payload is MediaQuality, TimeSpan.FromSeconds(10));
        var quality = Assert.Single(published.Events.Select(e => e.Payload).OfType<MediaQuality>());
        Assert.Equal((Speaker.Caller, 50L, 20.0, "rtcp"), (quality.Leg, quality.Lost, quality.JitterMs, quality.MeasuredFrom));
        Assert.Equal(0, source.Processor.RejectedTotal);
    }

    [Fact]
    public async Task A_port_already_taken_is_recorded_in_the_sources_own_health_and_start_returns()
    {
        using var taken = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)taken.Client.LocalEndPoint!).Port;
        await using var source = new HepSource(new HepSourceOptions { Name = "sbc", UdpPort = port }, new EventFactory(TimeProvider.System), NullLogger.Instance);

        await source.StartAsync(new CollectingPublisher(), CancellationToken.None);

        Assert.False(source.Health.Healthy);
        Assert.Contains($"HEP sbc: cannot listen on 127.0.0.1 udp {port} tcp off", source.Health.LastError, StringComparison.Ordinal);
        Assert.Equal(source.Health.LastError, source.Health.Detail);
        await source.StopAsync(CancellationToken.None); // stopping what never started is harmless
    }
}
