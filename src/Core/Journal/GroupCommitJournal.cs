using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using System.Threading.Channels;

namespace Middleware.Core.Journal;

/// <summary>
/// The write side shared by every store: callers queue their events, one writer drains the queue
/// and commits whatever has gathered in a single transaction, so one fsync covers many appends.
/// </summary>
public abstract class GroupCommitJournal : IEventJournal
{
    private readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly int _maxBatch;
    private readonly TimeProvider _time;
    private Task? _writer;
    private TaskCompletionSource _committed = NewSignal();

    protected GroupCommitJournal(int maxBatch, TimeProvider? time)
    {
        _maxBatch = maxBatch;
        _time = time ?? TimeProvider.System;
    }

    public abstract string Description { get; }

    public JournalHealth Health { get; } = new();

    public JournalRecoveryReport? Recovery { get; protected set; }

    public event Action<JournalFault>? Faulted;

    /// <summary>Starts the writer; derived classes call it once the store is open and migrated.</summary>
    protected void StartWriter() => _writer = Task.Run(WriteLoopAsync);

    public async ValueTask<AppendResult> AppendAsync(EventEnvelope envelope, CancellationToken cancellationToken = default)
    {
        var results = await AppendBatchAsync([envelope], cancellationToken).ConfigureAwait(false);
        return results[0];
    }

    public ValueTask<IReadOnlyList<AppendResult>> AppendBatchAsync(IReadOnlyList<EventEnvelope> batch, CancellationToken cancellationToken = default)
    {
        if (batch.Count == 0)
        {
            return ValueTask.FromResult<IReadOnlyList<AppendResult>>([]);
        }

        var pending = new PendingAppend(batch);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new JournalAppendException($"journal {Description} is closed; {batch.Count} event(s) not appended");
        }

        // Cancelling the wait does not un-append: the writer may already hold the events.
        return new ValueTask<IReadOnlyList<AppendResult>>(pending.Task.WaitAsync(cancellationToken));
    }

    /// <summary>Writes the events of every pending append in one transaction and fills their results.</summary>
    private protected abstract Task CommitAsync(IReadOnlyList<PendingAppend> batch);

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingAppend>();
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            var events = 0;
            while (events < _maxBatch && reader.TryRead(out var pending))
            {
                batch.Add(pending);
                events += pending.Events.Count;
            }

            try
            {
                await CommitAsync(batch).ConfigureAwait(false);
                var inserted = 0;
                foreach (var pending in batch)
                {
                    foreach (var r in pending.Results)
                    {
                        inserted += r.Inserted ? 1 : 0;
                    }
                }

                Health.RecordCommit(inserted, events - inserted);
                foreach (var pending in batch)
                {
                    pending.TrySetResult(pending.Results);
                }

                SignalCommitted();
            }
            catch (Exception ex)
            {
                // Nothing in this batch is durable: every caller hears so, and the journal turns unhealthy.
                var fault = new JournalFault(_time.GetUtcNow(), events, $"{ex.GetType().Name}: {ex.Message}");
                Health.RecordFault(fault);
                foreach (var pending in batch)
                {
                    pending.TrySetException(new JournalAppendException(
                        $"journal {Description}: {pending.Events.Count} event(s) not appended: {ex.Message}", ex));
                }

                try
                {
                    Faulted?.Invoke(fault);
                }
                catch
                {
                    // An alerting callback must not kill the writer.
                }
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void SignalCommitted()
    {
        var signal = Interlocked.Exchange(ref _committed, NewSignal());
        signal.TrySetResult();
    }

    /// <summary>A connection for reading; reads never go through the writer.</summary>
    private protected abstract ValueTask<DbConnection> OpenReaderAsync(CancellationToken cancellationToken);

    /// <summary>`kind` in the list parameter @kinds: Dapper expands `IN @kinds` for SQLite but passes a native array to Npgsql.</summary>
    private protected virtual string KindInListSql => "kind IN @kinds";

    // Both stores share the schema and the SQL of every read (Dapper binds @names on both).

    public IAsyncEnumerable<JournalEntry> ReadCallAsync(string callId, CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {JournalRow.Columns} FROM journal_events WHERE call_id = @callId ORDER BY position", new { callId }, cancellationToken);

    public IAsyncEnumerable<JournalEntry> ReadRangeAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        QueryAsync(
            $"SELECT {JournalRow.Columns} FROM journal_events WHERE occurred_at >= @from AND occurred_at < @to ORDER BY occurred_at, position",
            new { from = TimeCodec.ToMicros(from), to = TimeCodec.ToMicros(to) },
            cancellationToken);

    public IAsyncEnumerable<JournalEntry> ReadKindsAsync(IReadOnlyCollection<string> kinds, DateTimeOffset since, CancellationToken cancellationToken = default) =>
        QueryAsync(
            $"SELECT {JournalRow.Columns} FROM journal_events WHERE {KindInListSql} AND occurred_at >= @since ORDER BY position",
            new { kinds = kinds.ToArray(), since = TimeCodec.ToMicros(since) },
            cancellationToken);

    public async Task<IReadOnlyList<JournalEntry>> ReadAfterAsync(long position, int max, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<JournalRow>(
            $"SELECT {JournalRow.Columns} FROM journal_events WHERE position > @position ORDER BY position LIMIT @max",
            new { position, max }).ConfigureAwait(false);
        return rows.Select(r => r.ToEntry()).ToList();
    }

    public async Task<long> HeadAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long?>("SELECT MAX(position) FROM journal_events").ConfigureAwait(false) ?? 0;
    }

    public async Task<long> GetCursorAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long?>("SELECT position FROM journal_cursors WHERE name = @name", new { name }).ConfigureAwait(false) ?? 0;
    }

    public async Task SetCursorAsync(string name, long position, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "INSERT INTO journal_cursors (name, position, updated_at) VALUES (@name, @position, @at) " +
            "ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at",
            new { name, position, at = TimeCodec.ToMicros(_time.GetUtcNow()) }).ConfigureAwait(false);
    }

    private async IAsyncEnumerable<JournalEntry> QueryAsync(string sql, object args, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var row in connection.QueryUnbufferedAsync<JournalRow>(sql, args).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return row.ToEntry();
        }
    }

    public Task WaitForCommitAsync(TimeSpan atMost, CancellationToken cancellationToken) =>
        Task.WhenAny(Volatile.Read(ref _committed).Task, Task.Delay(atMost, _time, cancellationToken));

    public async IAsyncEnumerable<JournalEntry> FollowAsync(long position, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var committed = Volatile.Read(ref _committed).Task; // taken before reading, so no commit is missed
            var page = await ReadAfterAsync(position, 1000, cancellationToken).ConfigureAwait(false);
            foreach (var entry in page)
            {
                position = entry.Position;
                yield return entry;
            }

            if (page.Count == 0)
            {
                // Other writers (another node on PostgreSQL) do not signal us: poll as a fallback.
                await Task.WhenAny(committed, Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken)).ConfigureAwait(false);
            }
        }
    }

    public virtual async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer is not null)
        {
            await _writer.ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }
}
