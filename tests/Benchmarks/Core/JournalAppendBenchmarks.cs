using BenchmarkDotNet.Attributes;
using Middleware.Core.Events;
using Middleware.Core.Journal;

namespace Middleware.Benchmarks.Core;

/// <summary>
/// Durable appends to the SQLite journal as the pipeline makes them: many concurrent callers, each
/// waiting for its batch to be on disk. Baseline: one event per commit, waited for in turn
/// (what an append without group commit costs).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class JournalAppendBenchmarks
{
    private const int Events = 20_000;
    private const int Sequential = 200;
    private readonly EventFactory _factory = new(TimeProvider.System);
    private string _dir = "";
    private SqliteJournal _journal = null!;

    [Params(JournalDurability.Full, JournalDurability.Normal)]
    public JournalDurability Durability { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "mw-bench-" + Guid.NewGuid().ToString("N")[..8]);
        _journal = await SqliteJournal.OpenAsync(new JournalOptions { Path = Path.Combine(_dir, "j.db"), Durability = Durability });
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _journal.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private EventEnvelope Event(int i) => _factory.Create("bench", "call-" + (i % 500), new DtmfReceived("5", "received", i));

    [Benchmark(OperationsPerInvoke = Events)]
    public async Task Group_commit_16_writers_batches_of_32()
    {
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var start = Interlocked.Add(ref next, 32) - 32;
                if (start >= Events)
                {
                    return;
                }

                var batch = new EventEnvelope[Math.Min(32, Events - start)];
                for (var i = 0; i < batch.Length; i++)
                {
                    batch[i] = Event(start + i);
                }

                await _journal.AppendBatchAsync(batch);
            }
        })));
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public async Task Group_commit_256_single_appends_in_flight()
    {
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, 256).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) is var i && i <= Events)
            {
                await _journal.AppendAsync(Event(i));
            }
        })));
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Sequential)]
    public async Task One_event_per_commit()
    {
        for (var i = 0; i < Sequential; i++)
        {
            await _journal.AppendAsync(Event(i));
        }
    }
}
