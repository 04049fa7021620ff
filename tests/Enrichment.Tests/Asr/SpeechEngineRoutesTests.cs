using Middleware.Core.Events;
using Middleware.Core.Pipeline;
using Middleware.Enrichment.Asr;
using Middleware.TestSupport;

namespace Middleware.Enrichment.Tests.Asr;

/// <summary>asr.routes: each leg goes to the engine its source, queue or dialed number names; the rest to asr.engine.</summary>
public class SpeechEngineRoutesTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-12-01T09:00:00Z");

    [Fact]
    public async Task Legs_go_to_the_engine_of_the_first_route_they_match_and_a_route_to_none_is_not_transcribed()
    {
        var hanging = new TranscriptionEnricherTests.HangingEngine();
        var routes = new SpeechEngineRoutes(SpeechAudio.GenericEngine,
        [
            (new AsrRoute { Queue = "support-zh*", Engine = "none" }, null),
            (new AsrRoute { DialedNumber = "+86400", Engine = "none" }, null),
            (new AsrRoute { Source = "capture", Engine = "hanging" }, hanging),
        ]);
        var options = new AsrOptions(); // the hanging engine is given up after the default decode timeout (10 s), PocketSphinx decodes well within it
        var asr = new TranscriptionEnricher(routes, options);
        Assert.Equal(["pocketsphinx", "hanging"], asr.Engines.Select(e => e.Name));
        await using var h = await PipelineHarness.StartAsync([asr]);
        asr.Attach(h.Pipeline, new EventFactory(TimeProvider.System));

        var speech = SpeechAudio.Load("26-awb-ulaw-1.0.wav"); // "i would like to upgrade my plan"
        await h.Pipeline.PublishAsync(TestEvents.Started("call-en", at: T0));
        await h.Pipeline.PublishAsync(TestEvents.Started("call-zh", at: T0));
        await h.Pipeline.PublishAsync(TestEvents.Make("call-zh", new CallQueued("support-zh-2", 1, 1), at: T0));
        await h.Pipeline.PublishAsync(TestEvents.Make("call-did", new CallStarted("13900139000", null, "+864008208820", CallDirection.Inbound), at: T0));
        await h.Pipeline.PublishAsync(TestEvents.Started("call-cap", at: T0));
        foreach (var e in TranscriptionEnricherTests.Chunks("call-en", Speaker.Caller, speech, 0)
            .Concat(TranscriptionEnricherTests.Chunks("call-zh", Speaker.Caller, speech, 0))
            .Concat(TranscriptionEnricherTests.Chunks("call-did", Speaker.Caller, speech, 0))
            .Concat(TranscriptionEnricherTests.Chunks("call-cap", Speaker.Caller, speech, 0, source: "capture")))
        {
            await h.Pipeline.PublishAsync(e);
        }

        foreach (var call in new[] { "call-en", "call-zh", "call-did", "call-cap" })
        {
            await h.Pipeline.PublishAsync(TestEvents.Ended(call, at: T0.AddSeconds(6)));
        }

        await Eventually.True(() => asr.Metrics.FinalSegments >= 1 && asr.Metrics.Failures >= 1 && asr.Metrics.ActiveLegs == 0, "the English leg heard, the captured leg's engine reported",
            within: TimeSpan.FromMinutes(3), state: () => $"{asr.Metrics.FinalSegments} final, {asr.Metrics.Failures} failure(s), {asr.Metrics.ActiveLegs} leg(s) open");

        var journaled = await h.JournaledAsync();
        var heard = Assert.Single(journaled, e => e.Payload is TranscriptSegment);
        Assert.Equal("call-en", heard.CallId);
        Assert.Contains("upgrade", ((TranscriptSegment)heard.Payload).Text);
        var failed = Assert.Single(journaled, e => e.Payload is EnricherFailed);
        Assert.Equal("call-cap", failed.CallId);
        Assert.StartsWith("hanging:", ((EnricherFailed)failed.Payload).Error);
        Assert.Equal(0, asr.Metrics.ChunksShed); // the legs routed to none are not queued, so not shed either
    }
}
