using System.Diagnostics;
using Middleware.Core.CallState;
using Middleware.Core.Events;
using Middleware.Core.Journal;
using Middleware.Core.Pipeline;

namespace Middleware.Benchmarks.Core;

/// <summary>
/// Latency under a steady load (not a BenchmarkDotNet suite: percentiles need a paced run).
/// Publishes at a fixed rate in small batches, as a socket read delivers them, and reports the
/// added latency: (1) pipeline only (lanes, state, enrichers), (2) end to end with the durable
/// SQLite journal (journal fsync + pipeline).
/// </summary>
public static class PipelineLatencyRun
{
    public static async Task<int> RunAsync(int rate, int seconds)
    {
        Console.WriteLine($"paced load: {rate} events/s for {seconds} s, 1,000 calls, 3 no-op enrichers");
        await RunOnceAsync("pipeline only (null journal)", new NullJournal(), rate, seconds);
        var dir = Path.Combine(Path.GetTempPath(), "mw-latency-" + Guid.NewGuid().ToString("N")[..8]);
        await using (var journal = await SqliteJournal.OpenAsync(new JournalOptions { Path = Path.Combine(dir, "j.db"), Durability = JournalDurability.Full }))
        {
            await RunOnceAsync("end to end (SQLite journal, fsync per group commit)", journal, rate, seconds);
        }

        Directory.Delete(dir, recursive: true);
        return 0;
    }

    private static async Task RunOnceAsync(string label, IEventJournal journal, int rate, int seconds)
    {
        var factory = new EventFactory(TimeProvider.System);
        var sink = new LatencySink(factory.Time);
        var pipeline = new EventPipeline(new PipelineOptions(), journal, new CallStateStore(), factory,
            [new NoOp("a"), new NoOp("b"), new NoOp("c")], [sink]);
        pipeline.Start();
        var total = rate * seconds;
        var watch = Stopwatch.StartNew();
        var sent = 0;
        while (sent < total)
        {
            var due = (int)Math.Min(total, watch.Elapsed.TotalSeconds * rate);
            if (due > sent)
            {
                var batch = new EventEnvelope[due - sent];
                for (var i = 0; i < batch.Length; i++)
                {
                    var n = sent + i;
                    batch[i] = factory.Create("bench", "call-" + (n % 1000), n % 2 == 0 ? new CallHeld("1001") : new CallResumed("1001"));
                }

                sent = due;
                _ = pipeline.PublishBatchAsync(batch); // a source does not wait for processing, only for the journal
            }

            await Task.Delay(1);
        }

        while (pipeline.Metrics.Processed < total)
        {
            await Task.Delay(10);
        }

        await pipeline.StopAsync();
        var h = sink.Latency;
        var q = pipeline.Metrics.ProcessingLatency;
        Console.WriteLine($"{label}: {total} events in {watch.Elapsed.TotalSeconds:0.00} s");
        Console.WriteLine($"  publish -> processed: p50 {h.PercentileMicroseconds(0.50) / 1000:0.000} ms, p99 {h.PercentileMicroseconds(0.99) / 1000:0.000} ms, p99.9 {h.PercentileMicroseconds(0.999) / 1000:0.000} ms");
        Console.WriteLine($"  queued on lane -> processed: p50 {q.PercentileMicroseconds(0.50) / 1000:0.000} ms, p99 {q.PercentileMicroseconds(0.99) / 1000:0.000} ms");
    }

    private sealed class LatencySink(TimeProvider time) : IEventSink
    {
        public LatencyHistogram Latency { get; } = new();

        public string Name => "latency";

        public IReadOnlyCollection<string> Kinds { get; } = ["*"];

        public ValueTask OnEventAsync(EventEnvelope envelope, CancellationToken cancellationToken)
        {
            Latency.Record(time.GetUtcNow() - envelope.ReceivedAt);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class NoOp(string name) : IEnricher
    {
        public string Name => name;

        public IReadOnlyCollection<string> Kinds { get; } = ["*"];

        public ValueTask EnrichAsync(EventEnvelope envelope, EnrichmentContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
