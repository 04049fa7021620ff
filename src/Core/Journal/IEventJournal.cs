namespace Middleware.Core.Journal;

/// <summary>
/// Append-only, durable event store. An append completes only once the event is on disk (or in
/// the database), and appending an id that is already there is a no-op.
/// </summary>
public interface IEventJournal : IAsyncDisposable
{
    /// <summary>Where it stores (a file path or a redacted connection string), for logs.</summary>
    string Description { get; }

    JournalHealth Health { get; }

    /// <summary>What opening found after an unclean shutdown; null when the last close was clean.</summary>
    JournalRecoveryReport? Recovery { get; }

    /// <summary>Raised (on the writer) when appends fail, so the host can alert and turn unready.</summary>
    event Action<JournalFault>? Faulted;

    ValueTask<AppendResult> AppendAsync(EventEnvelope envelope, CancellationToken cancellationToken = default);

    /// <summary>Appends in order, durably, in one commit when it fits; results are in input order.</summary>
    ValueTask<IReadOnlyList<AppendResult>> AppendBatchAsync(IReadOnlyList<EventEnvelope> batch, CancellationToken cancellationToken = default);

    IAsyncEnumerable<JournalEntry> ReadCallAsync(string callId, CancellationToken cancellationToken = default);

    /// <summary>Events whose <see cref="EventEnvelope.OccurredAt"/> is in [from, to).</summary>
    IAsyncEnumerable<JournalEntry> ReadRangeAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);

    /// <summary>Events of the given kinds that occurred at or after <paramref name="since"/>, in append order.</summary>
    IAsyncEnumerable<JournalEntry> ReadKindsAsync(IReadOnlyCollection<string> kinds, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="max"/> events after a position, in append order.</summary>
    Task<IReadOnlyList<JournalEntry>> ReadAfterAsync(long position, int max, CancellationToken cancellationToken = default);

    /// <summary>Every event after a position, then each new one as it is committed, until cancelled.</summary>
    IAsyncEnumerable<JournalEntry> FollowAsync(long position, CancellationToken cancellationToken);

    Task<long> HeadAsync(CancellationToken cancellationToken = default);

    /// <summary>Completes at this process's next commit, or after <paramref name="atMost"/> (other nodes do not signal).</summary>
    Task WaitForCommitAsync(TimeSpan atMost, CancellationToken cancellationToken);

    /// <summary>
    /// How far a named reader (the broker publisher, say) has durably got: the journal doubles as
    /// its outbox, and the reader resumes after this position after a restart. 0 when never set.
    /// </summary>
    Task<long> GetCursorAsync(string name, CancellationToken cancellationToken = default);

    Task SetCursorAsync(string name, long position, CancellationToken cancellationToken = default);
}

/// <param name="Position">Where the event sits in the journal (the existing one's when it was a duplicate).</param>
/// <param name="Inserted">False when the id was already journaled.</param>
public readonly record struct AppendResult(long Position, bool Inserted);

public sealed record JournalEntry(long Position, EventEnvelope Envelope);

public sealed record JournalFault(DateTimeOffset At, int EventsRejected, string Error);
