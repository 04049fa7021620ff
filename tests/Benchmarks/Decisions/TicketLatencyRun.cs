using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Core.Configuration;
using Middleware.Core.Events;
using Middleware.Core.Journal;
using Middleware.Core.Pipeline;
using Middleware.Host.Configuration;
using Middleware.Host.Hosting;
using Middleware.SampleCrm;
using Middleware.TestSupport;

namespace Middleware.Benchmarks.Decisions;

/// <summary>
/// Hangup to ticket acknowledged: unresolved calls (a transcript with an unresolved marker) hang up
/// at a paced rate into the whole runtime (durable SQLite journal, ticket drafter, ticket writer, the
/// gate) writing to the sample CRM over loopback HTTP (its own SQLite database). Measured per call
/// from publishing its CallEnded to the gate's WriteBackCompleted for the CreateTicket reaching the sinks.
/// </summary>
public static class TicketLatencyRun
{
    public static async Task<int> RunAsync(int calls, int rate)
    {
        using var dir = new TempDirectory();
        await using var crm = await SampleCrmServer.StartAsync(dir.File("crm.db"));
        var path = Path.Combine(AppContext.BaseDirectory, "config", "crm-examples", "native-api.yaml");
        var config = YamlOptionsBinder.Parse<MiddlewareConfig>(File.ReadAllText(path), path, n => n == "SAMPLE_CRM_URL" ? crm.Address.ToString() : null);
        config.Journal = new JournalOptions { Path = dir.File("journal.db") };
        config.Routing.Enabled = false;
        var ended = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var latency = new LatencyHistogram();
        var sink = new AcknowledgedSink(ended, latency);
        await using var runtime = await MiddlewareRuntime.StartAsync(config, NullLoggerFactory.Instance, sinks: [sink]);
        var factory = new EventFactory(TimeProvider.System);
        Console.WriteLine($"{calls} unresolved calls hanging up at {rate}/s into the runtime (durable journal) and the sample CRM over HTTP, {Environment.ProcessorCount} cores");
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            while (watch.Elapsed.TotalSeconds < (double)i / rate)
            {
                await Task.Delay(1);
            }

            var id = $"pbx:bench-{i}";
            await runtime.Pipeline.PublishAsync(factory.Create("pbx", id, new CallStarted($"1370{i:0000000}", null, "400", CallDirection.Inbound)));
            await runtime.Pipeline.PublishAsync(factory.Create("pbx", id, new TranscriptSegment(Speaker.Caller, "My refund is still not working.", 1, 3, 0.9, "en")));
            ended[id] = Stopwatch.GetTimestamp();
            await runtime.Pipeline.PublishAsync(factory.Create("pbx", id, new CallEnded("normal-clearing", 16, 30, 25, HangupParty.Caller)));
        }

        var deadline = Stopwatch.StartNew();
        while (latency.Count < calls && deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            await Task.Delay(20);
        }

        Console.WriteLine($"{latency.Count} of {calls} tickets acknowledged; CRM holds {crm.Store.CountTickets()} ticket(s)");
        Console.WriteLine($"  hangup -> ticket acknowledged: p50 {latency.PercentileMicroseconds(0.50) / 1000:0.0} ms, p99 {latency.PercentileMicroseconds(0.99) / 1000:0.0} ms, max bucket {latency.PercentileMicroseconds(1.0) / 1000:0.0} ms");
        return 0;
    }

    private sealed class AcknowledgedSink(ConcurrentDictionary<string, long> ended, LatencyHistogram latency) : IEventSink
    {
        public string Name => "bench";

        public IReadOnlyCollection<string> Kinds { get; } = [EventKinds.WriteBackCompleted];

        public ValueTask OnEventAsync(EventEnvelope envelope, CancellationToken cancellationToken)
        {
            if (envelope.Payload is WriteBackCompleted { Action: "CreateTicket" } && envelope.CallId is { } id && ended.TryRemove(id, out var at))
            {
                latency.Record(Stopwatch.GetElapsedTime(at));
            }

            return ValueTask.CompletedTask;
        }
    }
}
