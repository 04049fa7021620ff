using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Adapters.Stomp.Client;
using Middleware.Adapters.Stomp.Publishing;
using Middleware.Benchmarks.Core;
using Middleware.Core.CallState;
using Middleware.Core.Events;
using Middleware.Core.Journal;
using Middleware.Core.Pipeline;
using Middleware.TestSupport.ActiveMq;

namespace Middleware.Benchmarks.Stomp;

/// <summary>
/// Against a real ActiveMQ 5.17 started on loopback (Debian's package): publish throughput with
/// receipts, one at a time (baseline) and pipelined through the journal-following publisher; and
/// the end-to-end latency from an event entering the pipeline to a consumer receiving it.
/// </summary>
public static class BrokerRun
{
    public static async Task<int> RunAsync(int messages)
    {
        await using var broker = await ActiveMqBroker.StartAsync();
        var stomp = new StompOptions { Port = broker.StompPort, HeartBeat = TimeSpan.FromSeconds(10) };
        var factory = new EventFactory(TimeProvider.System);
        var dir = Path.Combine(Path.GetTempPath(), "mw-broker-bench-" + Guid.NewGuid().ToString("N")[..8]);

        // Baseline: SEND and wait for each RECEIPT before the next.
        await using (var connection = await StompConnection.ConnectAsync(stomp, TimeProvider.System, NullLogger.Instance, CancellationToken.None))
        {
            var body = BrokerMessage.Body(factory.Create("bench", "call-1", new DtmfReceived("1", null, 1)), 1);
            var sequential = Math.Min(2000, messages);
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < sequential; i++)
            {
                await connection.SendAsync("/queue/bench.sequential", [new("persistent", "true")], body, receipt: true);
            }

            Console.WriteLine($"one at a time, each awaited: {sequential} messages in {watch.Elapsed.TotalSeconds:0.00} s = {sequential / watch.Elapsed.TotalSeconds:0} msgs/s");
        }

        // Pipelined: the journal-as-outbox publisher (pages of 200 as transactions, commits in flight).
        await using (var journal = await SqliteJournal.OpenAsync(new JournalOptions { Path = Path.Combine(dir, "throughput.db"), Durability = JournalDurability.Normal }))
        {
            for (var i = 0; i < messages; i += 1000)
            {
                await journal.AppendBatchAsync(Enumerable.Range(i, 1000).Select(n => factory.Create("bench", $"call-{n % 500}", new DtmfReceived("1", null, n))).ToList());
            }

            var options = new BrokerOptions { Enabled = true, Stomp = stomp, EventsDestination = "/queue/bench.pipelined", DecisionsDestination = null, CommandsDestination = null };
            await using var publisher = new BrokerPublisher(options, journal, TimeProvider.System, NullLogger.Instance);
            var watch = Stopwatch.StartNew();
            publisher.Start();
            var head = await journal.HeadAsync();
            while (publisher.Confirmed < head)
            {
                await Task.Delay(5);
            }

            Console.WriteLine($"journal-following publisher (transactions of 200, receipts in flight): {messages} messages in {watch.Elapsed.TotalSeconds:0.00} s = {messages / watch.Elapsed.TotalSeconds:0} msgs/s");
        }

        await EndToEndAsync(broker, stomp, factory, dir, rate: 1000, seconds: 10);
        Directory.Delete(dir, recursive: true);
        return 0;
    }

    private static async Task EndToEndAsync(ActiveMqBroker broker, StompOptions stomp, EventFactory factory, string dir, int rate, int seconds)
    {
        var latency = new LatencyHistogram();
        var received = 0;
        await using var consumer = await StompConnection.ConnectAsync(stomp, TimeProvider.System, NullLogger.Instance, CancellationToken.None);
        await consumer.SubscribeAsync("/queue/bench.e2e", async m =>
        {
            using var json = JsonDocument.Parse(m.Frame.Body);
            var entered = json.RootElement.GetProperty("receivedAt").GetDateTimeOffset();
            latency.Record(DateTimeOffset.UtcNow - entered);
            Interlocked.Increment(ref received);
            await m.AckAsync();
        });

        await using var journal = await SqliteJournal.OpenAsync(new JournalOptions { Path = Path.Combine(dir, "e2e.db"), Durability = JournalDurability.Full });
        var pipeline = new EventPipeline(new PipelineOptions(), journal, new CallStateStore(), factory);
        pipeline.Start();
        var options = new BrokerOptions { Enabled = true, Stomp = stomp, EventsDestination = "/queue/bench.e2e", DecisionsDestination = null, CommandsDestination = null, CursorName = "e2e" };
        await using var publisher = new BrokerPublisher(options, journal, TimeProvider.System, NullLogger.Instance);
        publisher.Start();
        var total = rate * seconds;
        var watch = Stopwatch.StartNew();
        var sent = 0;
        while (sent < total)
        {
            var due = (int)Math.Min(total, watch.Elapsed.TotalSeconds * rate);
            if (due > sent)
            {
                await pipeline.PublishBatchAsync(Enumerable.Range(sent, due - sent).Select(n => factory.Create("bench", $"call-{n % 200}", new DtmfReceived("1", null, n))).ToList());
                sent = due;
            }

            await Task.Delay(1);
        }

        while (Volatile.Read(ref received) < total)
        {
            await Task.Delay(10);
        }

        await pipeline.StopAsync();
        Console.WriteLine($"end to end at {rate} events/s (pipeline → durable SQLite journal → publisher → ActiveMQ → consumer), {total} events:");
        Console.WriteLine($"  p50 {latency.PercentileMicroseconds(0.5) / 1000:0.0} ms, p99 {latency.PercentileMicroseconds(0.99) / 1000:0.0} ms, p99.9 {latency.PercentileMicroseconds(0.999) / 1000:0.0} ms");
        _ = broker;
    }
}
