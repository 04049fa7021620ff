using Middleware.Core.Events;
using Middleware.Core.Media;
using Middleware.Core.Pipeline;
using Middleware.Core.Privacy;
using Middleware.Enrichment.Asr;
using Middleware.TestSupport;

namespace Middleware.Enrichment.Tests.Asr;

/// <summary>Mirrored audio chunks through a real pipeline and journal to journaled transcript segments.</summary>
public class TranscriptionEnricherTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-12-01T09:00:00Z");

    /// <summary>The leg's audio as the mirror delivers it: one-second AudioChunks, starting <paramref name="offset"/> seconds into the call.</summary>
    internal static IEnumerable<EventEnvelope> Chunks(string callId, Speaker leg, WavAudio audio, double offset, string source = "sbc")
    {
        for (var at = 0; at < audio.Samples.Length; at += audio.SampleRate)
        {
            var samples = audio.Samples.AsSpan(at, Math.Min(audio.SampleRate, audio.Samples.Length - at));
            var pcm = new byte[samples.Length * 2];
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(samples).CopyTo(pcm);
            var startedAt = T0.AddSeconds(offset + ((double)at / audio.SampleRate));
            yield return TestEvents.Make(callId, new AudioChunk(leg, startedAt, audio.SampleRate, pcm), source: source, at: startedAt);
        }
    }

    /// <summary>The simple rule the redaction seam is tested with: the word "account" never leaves the enricher.</summary>
    private sealed class RedactWordAccount : ITextRedactor
    {
        public RedactionResult Redact(string text, string? language = null)
        {
            var at = text.IndexOf("account", StringComparison.Ordinal);
            return at < 0 ? RedactionResult.Unchanged(text) : new RedactionResult(text.Replace("account", "[WORD]"), [new RedactionFinding("WORD", at, 7)]);
        }
    }

    [Fact]
    public async Task Both_legs_are_transcribed_redacted_journaled_and_partials_reach_sinks_only()
    {
        var asr = new TranscriptionEnricher(SpeechAudio.GenericEngine, new AsrOptions(), new RedactWordAccount());
        var sink = new RecordingSink(EventKinds.TranscriptSegment);
        await using var h = await PipelineHarness.StartAsync([asr], [sink]);
        asr.Attach(h.Pipeline, new EventFactory(TimeProvider.System));

        await h.Pipeline.PublishAsync(TestEvents.Started("call-1", at: T0));
        var agent = SpeechAudio.Load("26-awb-ulaw-1.0.wav"); // "i would like to upgrade my plan"
        var caller = SpeechAudio.Load("02-awb-ulaw-1.0.wav"); // "can you give me your account number"
        foreach (var e in Chunks("call-1", Speaker.Agent, agent, 0).Concat(Chunks("call-1", Speaker.Caller, caller, 4)))
        {
            await h.Pipeline.PublishAsync(e);
        }

        await h.Pipeline.PublishAsync(TestEvents.Ended("call-1", at: T0.AddSeconds(8)));
        await Eventually.True(() => asr.Metrics.FinalSegments >= 2 && asr.Metrics.ActiveLegs == 0, "both legs' final segments", within: TimeSpan.FromMinutes(3), state: () => $"{asr.Metrics.FinalSegments} final, {asr.Metrics.ActiveLegs} leg(s) open");
        await Eventually.True(() => sink.Seen.Count(e => e.Payload is TranscriptSegment { IsFinal: true }) >= 2, "finals processed");

        var journaled = (await h.JournaledAsync()).Where(e => e.Payload is TranscriptSegment).ToList();
        Assert.All(journaled, e => Assert.True(((TranscriptSegment)e.Payload).IsFinal)); // partials are not journaled
        var segments = journaled.Select(e => (TranscriptSegment)e.Payload).ToList();
        var heardCaller = Assert.Single(segments, s => s.Speaker == Speaker.Caller);
        var heardAgent = Assert.Single(segments, s => s.Speaker == Speaker.Agent);
        Assert.Contains("[WORD] number", heardCaller.Text);
        Assert.DoesNotContain("account", heardCaller.Text);
        Assert.Contains("upgrade", heardAgent.Text);
        Assert.InRange(heardCaller.StartSeconds, 4.2, 4.9); // relative to the call: the caller's leg starts 4 s in
        Assert.InRange(heardAgent.StartSeconds, 0.2, 0.9);
        Assert.All(journaled, e => Assert.Equal(("call-1", "asr"), (e.CallId, e.Source)));
        Assert.Contains(sink.Seen, e => e.Payload is TranscriptSegment { IsFinal: false });
        var voices = (await h.JournaledAsync()).Select(e => e.Payload).OfType<VoiceFeatures>().ToList();
        Assert.Equal(2, voices.Count); // one per final segment, with what was measured
        Assert.All(voices, v => Assert.InRange(v.PitchMeanHz!.Value, 70, 250)); // awb, a male voice
        Assert.All(voices, v => Assert.InRange(v.SyllablesPerSecond!.Value, 1, 8));
        Assert.Equal(0, asr.Metrics.ChunksShed);
        Assert.True(asr.Metrics.RealTimeFactor > 0); // measured, whatever the machine's load
    }

    /// <summary>A recognizer that never answers: what an engine hung in native code or a dead server looks like to the enricher.</summary>
    internal sealed class HangingEngine : ISpeechEngine
    {
        public string Name => "hanging";

        public int SampleRate => 16000;

        public string? Language => "en";

        public int MaxConcurrency => 1;

        public ValueTask<ISpeechDecoder> RentAsync(CancellationToken cancellationToken) => ValueTask.FromResult<ISpeechDecoder>(new Decoder());

        public void Dispose()
        {
        }

        private sealed class Decoder : ISpeechDecoder
        {
            public void Begin()
            {
            }

            public void Accept(ReadOnlySpan<short> pcm)
            {
            }

            public string? Partial() => null;

            public async ValueTask<Recognition> EndAsync(CancellationToken cancellationToken)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return Recognition.Nothing("en");
            }

            public void Dispose()
            {
            }
        }
    }

    [Fact]
    public async Task A_hanging_engine_is_reported_its_audio_shed_and_the_calls_events_go_on()
    {
        var options = new AsrOptions { BacklogSeconds = 1, Transcriber = new TranscriberOptions { DecodeTimeout = TimeSpan.FromMilliseconds(200) } };
        var asr = new TranscriptionEnricher(new HangingEngine(), options);
        await using var h = await PipelineHarness.StartAsync([asr], options: new PipelineOptions { Partitions = 1 });
        asr.Attach(h.Pipeline, new EventFactory(TimeProvider.System));

        await h.Pipeline.PublishAsync(TestEvents.Started("call-2", at: T0));
        var speech = SpeechAudio.Load("02-awb-ulaw-1.0.wav");
        var chunks = Enumerable.Range(0, 4).SelectMany(i => Chunks("call-2", Speaker.Caller, speech, i * speech.Seconds)).ToList();
        foreach (var e in chunks)
        {
            await h.Pipeline.PublishAsync(e);
        }

        await h.Pipeline.PublishAsync(TestEvents.Ended("call-2", at: T0.AddSeconds(20)));
        await Eventually.True(() => asr.Metrics.Failures >= 1 && asr.Metrics.ActiveLegs == 0, "the hung utterance reported", within: TimeSpan.FromMinutes(2), state: () => $"{asr.Metrics.Failures} failures");

        var journaled = (await h.JournaledAsync()).Select(e => e.Payload).ToList();
        Assert.Contains(journaled, p => p is CallEnded); // signalling went through while the engine hung
        var failed = Assert.IsType<EnricherFailed>(journaled.First(p => p is EnricherFailed));
        Assert.Contains("hanging", failed.Error);
        Assert.True(asr.Metrics.ChunksShed > 0, "a one-second backlog behind a hung engine sheds audio");
        Assert.Equal(chunks.Count, asr.Metrics.ChunksReceived);
    }
}
