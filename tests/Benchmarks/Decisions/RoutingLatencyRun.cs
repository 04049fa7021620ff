using System.Diagnostics;
using Middleware.Benchmarks.Core;
using Middleware.Core.CallState;
using Middleware.Core.Events;
using Middleware.Core.Pipeline;
using Middleware.Enrichment.Routing;

namespace Middleware.Benchmarks.Decisions;

/// <summary>
/// Routing hints at a paced rate of queued callers through the real pipeline (journal left out:
/// what is measured is the hint, not the disk): 40 agents, each held 20 ms when suggested, in one queue with skills and history,
/// each call starts, queues (the hint), and leaves the queue 2 s later. Reports the time the
/// routing enricher takes per CallQueued (skill, priority, ranking, reservation, the hint and its
/// write-back requests) and the lane-to-processed latency of every event.
/// </summary>
public static class RoutingLatencyRun
{
    public static async Task<int> RunAsync(int rate, int seconds)
    {
        // Held 20 ms: at 1,000 callers/s a longer hold leaves nobody free and the ranking would run over no one.
        var options = new RoutingOptions { ReserveFor = TimeSpan.FromMilliseconds(20), VipNumbers = ["13800138000"], Skills = new SkillSources { IvrDigits = new() { ["1"] = "billing", ["2"] = "cards" } } };
        var history = new AgentHistory();
        for (var a = 0; a < 40; a++)
        {
            var agent = $"PJSIP/{1000 + a}";
            options.Agents[agent] = new() { ["support"] = 1 + (a % 5), ["billing"] = 1 + ((a + 2) % 5), ["cards"] = 1 + ((a + 4) % 5) };
            for (var c = 0; c < 50; c++)
            {
                history.Record(agent, c % 2 == 0 ? "billing" : "cards", 120 + (a * 7) + c, resolved: (a + c) % 4 != 0);
            }
        }

        var hint = new LatencyHistogram();
        var advisor = new TimedEnricher(new QueueRoutingAdvisor(options, history), EventKinds.CallQueued, hint);
        var factory = new EventFactory(TimeProvider.System);
        var pipeline = new EventPipeline(new PipelineOptions(), new NullJournal(), new CallStateStore(), factory, [advisor], []);
        pipeline.Start();
        var now = DateTimeOffset.UtcNow;
        for (var a = 0; a < 40; a++)
        {
            await pipeline.PublishAsync(factory.Create("bench", null, new AgentStateChanged($"PJSIP/{1000 + a}", $"Agent {a}", AgentState.Idle, "support", "status", false), now.AddSeconds(-a)));
        }

        var total = rate * seconds;
        Console.WriteLine($"paced load: {rate} queued calls/s for {seconds} s, 40 agents with skills and history, {Environment.ProcessorCount} cores");
        var watch = Stopwatch.StartNew();
        var sent = 0;
        var pending = new Queue<(string Call, double At)>();
        while (sent < total)
        {
            var due = (int)Math.Min(total, watch.Elapsed.TotalSeconds * rate);
            for (; sent < due; sent++)
            {
                var call = "call-" + sent;
                _ = pipeline.PublishAsync(factory.Create("bench", call, new CallStarted($"139{sent:00000000}", null, "400", CallDirection.Inbound)));
                _ = pipeline.PublishAsync(factory.Create("bench", call, new DtmfReceived((1 + (sent % 2)).ToString(System.Globalization.CultureInfo.InvariantCulture), "Received", 100)));
                _ = pipeline.PublishAsync(factory.Create("bench", call, new CallQueued("support", 1 + (sent % 5), 1 + (sent % 5))));
                pending.Enqueue((call, watch.Elapsed.TotalSeconds));
            }

            while (pending.TryPeek(out var p) && watch.Elapsed.TotalSeconds - p.At >= 2)
            {
                pending.Dequeue();
                _ = pipeline.PublishAsync(factory.Create("bench", p.Call, new CallDequeued("support", DequeueReason.Abandoned, 2)));
                _ = pipeline.PublishAsync(factory.Create("bench", p.Call, new CallEnded("abandoned", 16, 2, null, HangupParty.Caller)));
            }

            await Task.Delay(1);
        }

        var deadline = Stopwatch.StartNew();
        while (hint.Count < total && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(10);
        }

        await pipeline.StopAsync();
        var q = pipeline.Metrics.ProcessingLatency;
        Console.WriteLine($"{hint.Count} of {total} hints in {watch.Elapsed.TotalSeconds:0.00} s");
        Console.WriteLine($"  routing enricher per CallQueued: p50 {hint.PercentileMicroseconds(0.50) / 1000:0.000} ms, p99 {hint.PercentileMicroseconds(0.99) / 1000:0.000} ms, p99.9 {hint.PercentileMicroseconds(0.999) / 1000:0.000} ms");
        Console.WriteLine($"  queued on lane -> processed (every event): p50 {q.PercentileMicroseconds(0.50) / 1000:0.000} ms, p99 {q.PercentileMicroseconds(0.99) / 1000:0.000} ms");
        return 0;
    }

    /// <summary>Times one kind of event through the wrapped enricher.</summary>
    private sealed class TimedEnricher(IEnricher inner, string kind, LatencyHistogram histogram) : IEnricher
    {
        public string Name => inner.Name;

        public IReadOnlyCollection<string> Kinds => inner.Kinds;

        public async ValueTask EnrichAsync(EventEnvelope envelope, EnrichmentContext context, CancellationToken cancellationToken)
        {
            var start = Stopwatch.GetTimestamp();
            await inner.EnrichAsync(envelope, context, cancellationToken);
            if (envelope.Kind == kind)
            {
                histogram.Record(Stopwatch.GetElapsedTime(start));
            }
        }
    }
}
