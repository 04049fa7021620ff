using System.Diagnostics;
using Middleware.Benchmarks.Core;
using Middleware.Core.CallState;
using Middleware.Core.Events;
using Middleware.Core.Pipeline;
using Middleware.Enrichment.Emotion;
using Middleware.Enrichment.Intent;
using Middleware.Enrichment.Text;

namespace Middleware.Benchmarks.Understanding;

/// <summary>
/// Transcript segments through the real pipeline with the emotion and intent enrichers and the
/// shipped models, paced (percentiles need a steady load, not BenchmarkDotNet's loop): half Chinese,
/// half English, 200 calls. Reports the lane-to-processed latency of each segment, which includes
/// both enrichers, and of the readings they derive.
/// </summary>
public static class UnderstandingLatencyRun
{
    public static async Task<int> RunAsync(int rate, int seconds)
    {
        var models = ModelSet.Load(Path.Combine(AppContext.BaseDirectory, "models"),
            [("sentiment", TextLanguage.Zh), ("sentiment", TextLanguage.En), ("emotion", TextLanguage.Zh), ("emotion", TextLanguage.En), ("intent", TextLanguage.Zh), ("intent", TextLanguage.En)]);
        foreach (var p in models.Problems)
        {
            Console.Error.WriteLine(p);
        }

        var factory = new EventFactory(TimeProvider.System);
        var pipeline = new EventPipeline(new PipelineOptions(), new NullJournal(), new CallStateStore(), factory,
            [new EmotionEnricher(new TextEmotionReader(models), new EmotionOptions()), new IntentEnricher(models, new IntentOptions()).WarmUp()], []);
        pipeline.Start();
        var total = rate * seconds;
        Console.WriteLine($"paced load: {rate} transcript segments/s for {seconds} s over 200 calls, emotion + intent enrichers, shipped models, {Environment.ProcessorCount} cores");
        var watch = Stopwatch.StartNew();
        var sent = 0;
        while (sent < total)
        {
            var due = (int)Math.Min(total, watch.Elapsed.TotalSeconds * rate);
            for (; sent < due; sent++)
            {
                var zh = sent % 2 == 0;
                var sentences = zh ? CallSentences.Chinese : CallSentences.English;
                var text = sentences[(sent / 2) % sentences.Length];
                var at = sent / 200 * 3.0;
                _ = pipeline.PublishAsync(factory.Create("bench", "call-" + (sent % 200), new TranscriptSegment(Speaker.Caller, text, at, at + 2.5, 0.9, zh ? "zh" : "en")));
            }

            await Task.Delay(1);
        }

        var expected = total;
        var deadline = Stopwatch.StartNew();
        while (pipeline.Metrics.Processed < total && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(10);
        }

        await pipeline.StopAsync();
        var q = pipeline.Metrics.ProcessingLatency;
        Console.WriteLine($"{pipeline.Metrics.Processed} of {expected} segments processed in {watch.Elapsed.TotalSeconds:0.00} s");
        Console.WriteLine($"  queued on lane -> processed: p50 {q.PercentileMicroseconds(0.50) / 1000:0.000} ms, p99 {q.PercentileMicroseconds(0.99) / 1000:0.000} ms, p99.9 {q.PercentileMicroseconds(0.999) / 1000:0.000} ms");
        return 0;
    }
}
