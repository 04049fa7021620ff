using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Middleware.Core.Pipeline;

/// <summary>Counters the pipeline keeps for health, the console and /metrics.</summary>
public sealed class PipelineMetrics
{
    private readonly ConcurrentDictionary<(string Source, string Kind), StrongBox<long>> _received = new();
    private readonly ConcurrentDictionary<string, StrongBox<long>> _shed = new();
    private readonly ConcurrentDictionary<string, StrongBox<long>> _enricherFailures = new();
    private long _processed;
    private long _duplicates;
    private long _journalFailures;

    /// <summary>Time from being queued on a partition to having passed every enricher and sink.</summary>
    public LatencyHistogram ProcessingLatency { get; } = new();

    public long Processed => Interlocked.Read(ref _processed);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long JournalFailures => Interlocked.Read(ref _journalFailures);

    public IReadOnlyDictionary<(string Source, string Kind), long> Received => Snapshot(_received);

    public IReadOnlyDictionary<string, long> Shed => Snapshot(_shed);

    public long ShedTotal => _shed.Values.Sum(b => Interlocked.Read(ref b.Value));

    public IReadOnlyDictionary<string, long> EnricherFailures => Snapshot(_enricherFailures);

    internal void CountReceived(string source, string kind) =>
        Interlocked.Increment(ref _received.GetOrAdd((source, kind), static _ => new StrongBox<long>()).Value);

    internal void CountShed(string kind) => Interlocked.Increment(ref _shed.GetOrAdd(kind, static _ => new StrongBox<long>()).Value);

    internal void CountEnricherFailure(string enricher) =>
        Interlocked.Increment(ref _enricherFailures.GetOrAdd(enricher, static _ => new StrongBox<long>()).Value);

    internal void CountProcessed() => Interlocked.Increment(ref _processed);

    internal void CountDuplicate() => Interlocked.Increment(ref _duplicates);

    internal void CountJournalFailure(int events) => Interlocked.Add(ref _journalFailures, events);

    private static Dictionary<TKey, long> Snapshot<TKey>(ConcurrentDictionary<TKey, StrongBox<long>> source)
        where TKey : notnull =>
        source.ToDictionary(p => p.Key, p => Interlocked.Read(ref p.Value.Value));
}
