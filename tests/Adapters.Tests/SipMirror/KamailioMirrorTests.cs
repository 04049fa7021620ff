using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Adapters.SipMirror;
using Middleware.Core.Media;
using Middleware.Adapters.SipMirror.Capture;
using Middleware.Adapters.SipMirror.Dialogs;
using Middleware.Adapters.SipMirror.Hep;
using Middleware.Adapters.SipMirror.Rtp;
using Middleware.Core.Events;
using Middleware.Core.Pipeline;
using Middleware.TestSupport;
using Middleware.TestSupport.Sip;

namespace Middleware.Adapters.Tests.SipMirror;

/// <summary>
/// Real peers on loopback: sipp calls sipp through a real Kamailio that mirrors every SIP message
/// as HEP3 to the middleware, while dumpcap records the same traffic (SIP and both legs' G.711
/// RTP) to a pcapng. The live HEP view and the replayed capture must give the same call, and each
/// leg's decoded audio must be the speech sipp streamed.
/// </summary>
public sealed class KamailioMirrorTests
{
    private static readonly string[] SignallingKinds =
        [EventKinds.CallStarted, EventKinds.CallRinging, EventKinds.CallAnswered, EventKinds.CallHeld, EventKinds.CallResumed, EventKinds.CallTransferred, EventKinds.CallEnded];

    private static string Audio(string name) => Path.Combine(AppContext.BaseDirectory, "SipMirror", "Audio", name);

    [Fact]
    public async Task A_call_with_hold_dtmf_and_transfer_reads_the_same_live_over_hep_and_from_the_capture_with_the_audio_intact()
    {
        using var dir = new TempDirectory();
        var published = new CollectingPublisher();
        await using var hep = new HepSource(new HepSourceOptions { Name = "kamailio", UdpPort = 0, Calls = { InternalNumbers = "^8\\d{3}$" } }, new EventFactory(TimeProvider.System), NullLogger.Instance);
        await hep.StartAsync(published, CancellationToken.None);
        var uasPort = Ports.FreeUdp();
        await using var proxy = await KamailioProxy.StartAsync(hep.UdpPort!.Value, uasPort);
        var pcap = Path.Combine(dir.Path, "call.pcapng");
        var (callerPort, callerMedia, agentMedia, marker) = (Ports.FreeUdp(), Ports.FreeUdp(4), Ports.FreeUdp(4), Ports.FreeUdp());

        // Only this call's ports: other tests running beside this one send UDP on loopback too.
        var filter = $"udp and (port {proxy.Port} or port {uasPort} or port {callerPort} or port {marker} or portrange {callerMedia}-{callerMedia + 3} or portrange {agentMedia}-{agentMedia + 3})";
        await using (var capture = await PacketCapture.StartAsync(pcap, filter))
        {
            var values = new Dictionary<string, string>
            {
                ["CALLER_AUDIO"] = Audio("caller-ulaw.raw"), ["AGENT_AUDIO"] = Audio("agent-ulaw.raw"),
                ["TALK_MS"] = "4000", ["RING_MS"] = "1000", ["HOLD_AFTER_MS"] = "6000", ["HOLD_MS"] = "1500",
            };
            await using var agent = await Sipp.StartAsync("uas-agent.xml", values, port: uasPort, mediaPort: agentMedia);
            await using var caller = await Sipp.StartAsync("uac-hold-refer.xml", values, remote: $"127.0.0.1:{proxy.Port}", port: callerPort, mediaPort: callerMedia);
            await caller.WaitAsync(TimeSpan.FromSeconds(60));
            await agent.WaitAsync(TimeSpan.FromSeconds(10));
            await published.WaitForAsync(e => e.Payload is CallEnded, TimeSpan.FromSeconds(10));
            await capture.FlushAsync(marker, TimeSpan.FromSeconds(10));
        }

        // Live, over HEP: signalling only (Kamailio mirrors SIP, the media goes peer to peer).
        var live = published.Events.Where(e => e.CallId is not null).ToList();
        Assert.Equal(SignallingKinds, live.Select(e => e.Kind));
        Assert.All(live, e => Assert.Equal("kamailio", e.Source));
        Assert.All(live.Where(e => e.Raw is not null), e => Assert.Equal("sip", e.Raw!.Format));
        var started = (CallStarted)live[0].Payload;
        Assert.Equal(("13800138000", "Li Wei", "8001", CallDirection.Inbound), (started.CallerNumber, started.CallerName, started.DialedNumber, started.Direction));
        Assert.Equal("13800138000", ((CallHeld)live[3].Payload).Party);
        Assert.Equal(new CallTransferred(TransferKind.Blind, "8002", "8001", null, "accepted"), live[5].Payload);
        var ended = (CallEnded)live[6].Payload;
        Assert.Equal(("normal-clearing", HangupParty.Caller), (ended.Cause, ended.HungUpBy));
        Assert.InRange(ended.TalkSeconds!.Value, 7, 15);
        Assert.Equal(ended.DurationSeconds, (live[6].OccurredAt - live[0].OccurredAt).TotalSeconds, 3);
        Assert.Equal(0, hep.Processor.RejectedTotal);

        // From the capture: the same call, plus what only the media shows.
        var wavs = Path.Combine(dir.Path, "wav");
        var processor = new SipMirrorProcessor(new SipCallTrackerOptions { CallIdPrefix = "kamailio:", InternalNumbers = "^8\\d{3}$" }, new RtpOptions { WavDirectory = wavs, EmitAudio = false });
        var replayed = new List<SipCallEvent>();
        new CaptureReader(processor).ReadFile(pcap, replayed);
        Assert.Equal(SignallingKinds, replayed.Select(e => e.Payload.Kind).Where(SignallingKinds.Contains));
        Assert.Equal(live.Select(e => e.Payload), replayed.Select(e => e.Payload).Where(p => SignallingKinds.Contains(p.Kind)).Select(p => p is CallEnded c ? c with { DurationSeconds = ended.DurationSeconds, TalkSeconds = ended.TalkSeconds } : p));
        var dtmf = Assert.Single(replayed.Select(e => e.Payload).OfType<DtmfReceived>());
        Assert.Equal(("9", "caller"), (dtmf.Digit, dtmf.Direction));
        var quality = replayed.Select(e => e.Payload).OfType<MediaQuality>().ToDictionary(q => q.Leg);
        Assert.Equal([Speaker.Caller, Speaker.Agent], quality.Keys.Order());
        Assert.All(quality.Values, q => Assert.Equal(("PCMU", 0L), (q.Codec, q.Lost)));
        Assert.All(quality.Values, q => Assert.InRange(q.Mos, 4.0, 4.5));

        AssertSameSpeech(Audio("caller-ulaw.raw"), Path.Combine(wavs, "kamailio_1-" + Suffix(started) + "-caller.wav"));
        AssertSameSpeech(Audio("agent-ulaw.raw"), Path.Combine(wavs, "kamailio_1-" + Suffix(started) + "-agent.wav"));
    }

    private static string Suffix(CallStarted started) => string.Concat(started.SipCallId![2..].Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '_'));

    /// <summary>Same length within 1% and a normalized cross-correlation near 1 at the best small lag.</summary>
    private static void AssertSameSpeech(string sourceUlaw, string wav)
    {
        var encoded = File.ReadAllBytes(sourceUlaw);
        var expected = new short[encoded.Length];
        G711.DecodeMuLaw(encoded, expected);
        var (actual, rate) = WavWriter.Read(wav);
        Assert.Equal(8000, rate);
        Assert.InRange(actual.Length, expected.Length * 0.99, expected.Length * 1.01);
        var best = Enumerable.Range(-160, 321).Max(lag => Correlation(expected, actual, lag));
        Assert.True(best > 0.99, $"{wav}: correlation {best:0.000}");
    }

    private static double Correlation(short[] a, short[] b, int lag)
    {
        double ab = 0, aa = 0, bb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var j = i + lag;
            if (j < 0 || j >= b.Length)
            {
                continue;
            }

            ab += a[i] * (double)b[j];
            aa += a[i] * (double)a[i];
            bb += b[j] * (double)b[j];
        }

        return aa == 0 || bb == 0 ? 0 : ab / Math.Sqrt(aa * bb);
    }
}
