using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Adapters.SipMirror.Capture;
using Middleware.Adapters.SipMirror.Hep;
using Middleware.Core.Events;
using Middleware.Core.Journal;
using Middleware.Host.Configuration;
using Middleware.Host.Hosting;
using Middleware.TestSupport;
using Middleware.TestSupport.Sip;

namespace Middleware.Host.Tests.Speech;

/// <summary>
/// Speech end to end with real peers: a sipp caller talks to a sipp agent through a real Kamailio that
/// mirrors the SIP as HEP3, while the middleware also captures the wire live (SIP and both legs' G.711
/// RTP); the whole runtime transcribes each leg with PocketSphinx. Words, speakers and timing come out
/// of the journal, once per codec.
/// </summary>
public sealed class LiveSpeechMirrorTests
{
    private static string Audio(string name) => Path.Combine(AppContext.BaseDirectory, "Speech", "Audio", name);

    [Theory]
    [InlineData("PCMU", 0, "ulaw", "cancel", "help")] // caller: slt, "I would like to cancel my subscription please"; agent: awb, "I can help you with that today"
    [InlineData("PCMA", 8, "alaw", "internet", "account")] // caller: rms slowed, "My internet connection keeps dropping"; agent: slt faster, "Let me check your account"
    public async Task Each_legs_words_come_out_of_the_journal_with_its_speaker_and_when_it_was_said(string codec, int payloadType, string files, string callerWord, string agentWord)
    {
        using var dir = new TempDirectory();
        var (uasPort, callerPort, callerMedia, agentMedia) = (Ports.FreeUdp(), Ports.FreeUdp(), Ports.FreeUdp(4), Ports.FreeUdp(4));
        var config = new MiddlewareConfig { Journal = new JournalOptions { Path = dir.File("speech.db"), Durability = JournalDurability.Normal } };
        config.Routing.Enabled = false;
        config.Sources.Hep.Add(new HepSourceOptions { Name = "kamailio", UdpPort = 0, Calls = { InternalNumbers = "^8\\d{3}$" } });
        config.Sources.Capture.Add(new CaptureSourceOptions
        {
            Name = "span", Interface = "lo", Promiscuous = false, BufferMegabytes = 8, Calls = { InternalNumbers = "^8\\d{3}$" },

            // The leg between Kamailio and the agent and both media streams: other tests use loopback too.
            Filter = $"udp and (port {uasPort} or portrange {callerMedia}-{callerMedia + 3} or portrange {agentMedia}-{agentMedia + 3})",
        });
        await using var runtime = await MiddlewareRuntime.StartAsync(config, NullLoggerFactory.Instance);
        Assert.NotNull(runtime.Speech);
        var capture = runtime.Sources.OfType<CaptureSource>().Single();
        Assert.True(capture.Health.Healthy, capture.Health.Detail);
        await using var proxy = await KamailioProxy.StartAsync(runtime.Sources.OfType<HepSource>().Single().UdpPort!.Value, uasPort);

        var values = new Dictionary<string, string>
        {
            ["CALLER_AUDIO"] = Audio($"{files}-caller.raw"), ["AGENT_AUDIO"] = Audio($"{files}-agent.raw"),
            ["PT"] = payloadType.ToString(System.Globalization.CultureInfo.InvariantCulture), ["CODEC"] = codec,
            ["RING_MS"] = "500", ["AGENT_AFTER_MS"] = "4000", ["TALK_MS"] = "8000",
        };
        await using var agent = await Sipp.StartAsync("uas-speech.xml", values, port: uasPort, mediaPort: agentMedia);
        await using var caller = await Sipp.StartAsync("uac-speech.xml", values, remote: $"127.0.0.1:{proxy.Port}", port: callerPort, mediaPort: callerMedia);
        await caller.WaitAsync(TimeSpan.FromSeconds(60));
        await agent.WaitAsync(TimeSpan.FromSeconds(10));

        List<EventEnvelope> journaled = [];
        await Eventually.True(() =>
        {
            journaled = runtime.Journal.ReadAfterAsync(0, 10_000).Result.Select(e => e.Envelope).ToList();
            return journaled.Count(e => e.Payload is TranscriptSegment { IsFinal: true }) >= 2;
        }, "both legs' final segments journaled", within: TimeSpan.FromMinutes(3), state: () => string.Join(" | ", journaled.Select(e => e.Payload).OfType<TranscriptSegment>().Select(s => $"{s.Speaker}: {s.Text}")));

        // The live HEP view has the signalling; the capture has it too, with the media.
        Assert.Contains(journaled, e => e.Source == "kamailio" && e.Payload is CallEnded);
        var started = Assert.Single(journaled, e => e.Source == "span" && e.Payload is CallStarted);
        Assert.Equal(("13900139000", "8001"), started.Payload is CallStarted s ? (s.CallerNumber, s.DialedNumber) : default);
        var quality = journaled.Where(e => e.CallId == started.CallId).Select(e => e.Payload).OfType<MediaQuality>().ToList();
        Assert.Equal(2, quality.Count);
        Assert.All(quality, q => Assert.Equal(codec, q.Codec));

        var segments = journaled.Where(e => e.Payload is TranscriptSegment { IsFinal: true }).ToList();
        Assert.All(segments, e => Assert.Equal((started.CallId, "asr"), (e.CallId, e.Source)));
        var heardCaller = Assert.Single(segments.Select(e => (TranscriptSegment)e.Payload), t => t.Speaker == Speaker.Caller);
        var heardAgent = Assert.Single(segments.Select(e => (TranscriptSegment)e.Payload), t => t.Speaker == Speaker.Agent);
        Assert.Contains(callerWord, heardCaller.Text);
        Assert.Contains(agentWord, heardAgent.Text);
        Assert.Equal(("pocketsphinx", "en"), (heardCaller.Engine, heardCaller.Language));

        // When, relative to the call's INVITE: the caller speaks once answered (500 ms ring), the agent 4 s after the answer.
        Assert.InRange(heardCaller.StartSeconds, 0.4, 2.0);
        Assert.InRange(heardAgent.StartSeconds, 4.4, 6.5);
        Assert.InRange(heardCaller.EndSeconds - heardCaller.StartSeconds, 1.5, 4.5);
        Assert.True(heardCaller.EndSeconds < heardAgent.StartSeconds, $"caller {heardCaller.StartSeconds:0.00}-{heardCaller.EndSeconds:0.00}, agent from {heardAgent.StartSeconds:0.00}");
    }
}
