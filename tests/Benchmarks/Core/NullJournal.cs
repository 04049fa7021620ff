using Middleware.Core.Events;
using Middleware.Core.Journal;

namespace Middleware.Benchmarks.Core;

/// <summary>
/// Accepts everything at once: the pipeline benchmarks measure the pipeline, the journal has its
/// own suite. Benchmark-only; the product has no way to run without a real journal.
/// </summary>
internal sealed class NullJournal : IEventJournal
{
    private long _position;

    public string Description => "none (benchmark)";

    public JournalHealth Health { get; } = new();

    public JournalRecoveryReport? Recovery => null;

    public event Action<JournalFault>? Faulted { add { } remove { } }

    public ValueTask<AppendResult> AppendAsync(EventEnvelope envelope, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(new AppendResult(Interlocked.Increment(ref _position), true));

    public ValueTask<IReadOnlyList<AppendResult>> AppendBatchAsync(IReadOnlyList<EventEnvelope> batch, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<AppendResult>>(batch.Select(_ => new AppendResult(Interlocked.Increment(ref _position), true)).ToArray());

    public IAsyncEnumerable<JournalEntry> ReadCallAsync(string callId, CancellationToken cancellationToken = default) => AsyncEnumerable.Empty<JournalEntry>();

    public IAsyncEnumerable<JournalEntry> ReadRangeAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) => AsyncEnumerable.Empty<JournalEntry>();

    public IAsyncEnumerable<JournalEntry> ReadKindsAsync(IReadOnlyCollection<string> kinds, DateTimeOffset since, CancellationToken cancellationToken = default) => AsyncEnumerable.Empty<JournalEntry>();

    public Task<IReadOnlyList<JournalEntry>> ReadAfterAsync(long position, int max, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<JournalEntry>>([]);

    public IAsyncEnumerable<JournalEntry> FollowAsync(long position, CancellationToken cancellationToken) => AsyncEnumerable.Empty<JournalEntry>();

    public Task<long> HeadAsync(CancellationToken cancellationToken = default) => Task.FromResult(_position);

    public Task WaitForCommitAsync(TimeSpan atMost, CancellationToken cancellationToken) => Task.Delay(atMost, cancellationToken);

    public Task<long> GetCursorAsync(string name, CancellationToken cancellationToken = default) => Task.FromResult(0L);

    public Task SetCursorAsync(string name, long position, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
