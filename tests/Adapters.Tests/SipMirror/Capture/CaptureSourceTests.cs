using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Adapters.SipMirror.Capture;
using Middleware.Core.Events;
using Middleware.Core.Pipeline;
using Middleware.TestSupport;
using Middleware.TestSupport.Sip;

namespace Middleware.Adapters.Tests.SipMirror.Capture;

/// <summary>
/// Live capture on the loopback interface (as on a mirror port) while sipp calls sipp with G.711:
/// the call, its digits and quality, and both legs' audio arrive as they happen.
/// </summary>
public sealed class CaptureSourceTests
{
    private static string Audio(string name) => Path.Combine(AppContext.BaseDirectory, "SipMirror", "Audio", name);

    [Fact]
    public async Task A_call_on_the_wire_becomes_call_events_and_per_leg_audio_while_it_happens()
    {
        var published = new CollectingPublisher();
        var (callerPort, agentPort, callerMedia, agentMedia) = (Ports.FreeUdp(), Ports.FreeUdp(), Ports.FreeUdp(4), Ports.FreeUdp(4));
        var options = new CaptureSourceOptions
        {
            Name = "span",
            Interface = "lo",
            Promiscuous = false,
            BufferMegabytes = 8,

            // Only this call's ports: other tests beside this one use loopback too.
            Filter = $"udp and (port {callerPort} or port {agentPort} or portrange {callerMedia}-{callerMedia + 3} or portrange {agentMedia}-{agentMedia + 3})",
            Calls = { InternalNumbers = "^8\\d{3}$" },
        };
        await using (var capture = new CaptureSource(options, new EventFactory(TimeProvider.System), NullLogger.Instance))
        {
            await capture.StartAsync(published, CancellationToken.None);
            Assert.True(capture.Health.Healthy, capture.Health.Detail);
            var values = new Dictionary<string, string>
            {
                ["CALLER_AUDIO"] = Audio("caller-ulaw.raw"), ["AGENT_AUDIO"] = Audio("agent-ulaw.raw"),
                ["TALK_MS"] = "4000", ["RING_MS"] = "500", ["HOLD_AFTER_MS"] = "6000", ["HOLD_MS"] = "1000",
            };
            await using var agent = await Sipp.StartAsync("uas-agent.xml", values, port: agentPort, mediaPort: agentMedia);
            await using var caller = await Sipp.StartAsync("uac-hold-refer.xml", values, remote: $"127.0.0.1:{agentPort}", port: callerPort, mediaPort: callerMedia);
            await caller.WaitAsync(TimeSpan.FromSeconds(60));
            await agent.WaitAsync(TimeSpan.FromSeconds(10));
            await published.WaitForAsync(e => e.Payload is MediaQuality { Leg: Speaker.Agent }, TimeSpan.FromSeconds(10));
            Assert.True(capture.Received > 300, $"captured {capture.Received} frame(s)");
        }

        var events = published.Events;
        Assert.Equal(
            ["CallStarted", "CallRinging", "CallAnswered", "DtmfReceived", "CallHeld", "CallResumed", "CallTransferred", "CallEnded", "MediaQuality", "MediaQuality"],
            events.Where(e => e.Payload is not AudioChunk).Select(e => e.Kind));
        Assert.All(events, e => Assert.Equal("span", e.Source));
        var end = events.ToList().FindIndex(e => e.Payload is CallEnded);
        Assert.DoesNotContain(events.Skip(end), e => e.Payload is AudioChunk); // each leg's last words before its end: speech closes the leg at CallEnded
        Assert.Single(events.Select(e => e.CallId).Distinct());
        Assert.All(events.Select(e => e.Payload).OfType<MediaQuality>(), q => Assert.Equal(("PCMU", 0L), (q.Codec, q.Lost)));
        foreach (var (leg, source) in new[] { (Speaker.Caller, "caller-ulaw.raw"), (Speaker.Agent, "agent-ulaw.raw") })
        {
            var samples = events.Select(e => e.Payload).OfType<AudioChunk>().Where(c => c.Leg == leg).Sum(c => c.Pcm.Length / 2);
            var expected = new FileInfo(Audio(source)).Length;
            Assert.InRange(samples, expected * 0.99, expected * 1.01);
        }
    }

    [Fact]
    public async Task An_interface_that_does_not_exist_is_recorded_in_the_sources_own_health_and_start_returns()
    {
        await using var capture = new CaptureSource(new CaptureSourceOptions { Name = "span", Interface = "nope0" }, new EventFactory(TimeProvider.System), NullLogger.Instance);

        await capture.StartAsync(new CollectingPublisher(), CancellationToken.None);

        Assert.False(capture.Health.Healthy);
        Assert.Contains("capture span: no interface 'nope0' (have: ", capture.Health.LastError, StringComparison.Ordinal);
        Assert.Equal(("capture", "span"), (capture.Protocol, capture.Name));
    }
}
