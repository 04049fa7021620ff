using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Middleware.Core.Journal;

/// <summary>
/// The embedded journal: one SQLite file in WAL mode. A dedicated writer connection commits groups
/// of appends; reads open their own pooled connections and never block the writer.
/// </summary>
public sealed class SqliteJournal : GroupCommitJournal
{
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(1);
    private readonly string _connectionString;
    private readonly CancellationTokenSource _stopCheckpoints = new();
    private Task _checkpoints = Task.CompletedTask;
    private readonly SqliteConnection _writer;
    private SqliteInsertStatement _insert = null!;
    private SqliteCommand _existing = null!;

    private SqliteJournal(string path, JournalOptions options, TimeProvider? time)
        : base(options.MaxBatch, time)
    {
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true }.ToString();
        _writer = new SqliteConnection(_connectionString);
    }

    public string Path { get; }

    public override string Description => Path;

    /// <summary>Opens (creating if needed) and migrates the journal, inspecting what a crash left behind first.</summary>
    public static async Task<SqliteJournal> OpenAsync(JournalOptions options, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(options.Path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var journal = new SqliteJournal(options.Path, options, time);
        try
        {
            var wal = WalInspector.Inspect(journal.Path + "-wal");
            await journal.OpenWriterAsync(options, cancellationToken).ConfigureAwait(false);
            if (wal is not null)
            {
                var check = await journal._writer.ExecuteScalarAsync<string>("PRAGMA quick_check").ConfigureAwait(false);
                journal.Recovery = new JournalRecoveryReport(journal.Path, wal, check ?? "unknown", await journal.HeadAsync(cancellationToken).ConfigureAwait(false));
            }
        }
        catch
        {
            await journal._writer.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        journal.StartWriter();
        journal._checkpoints = Task.Run(journal.CheckpointLoopAsync);
        return journal;
    }

    /// <summary>
    /// Moves committed WAL frames into the database every second with a PASSIVE checkpoint, which
    /// never blocks the writer; the WAL restarts from the top once a checkpoint catches up.
    /// </summary>
    private async Task CheckpointLoopAsync()
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        while (!_stopCheckpoints.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(CheckpointInterval, _stopCheckpoints.Token).ConfigureAwait(false);
                await connection.ExecuteAsync("PRAGMA wal_checkpoint(PASSIVE)").ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (SqliteException)
            {
                // Busy or full: the next round tries again; the WAL keeps every commit meanwhile.
            }
        }
    }

    private async Task OpenWriterAsync(JournalOptions options, CancellationToken cancellationToken)
    {
        await _writer.OpenAsync(cancellationToken).ConfigureAwait(false);
        var synchronous = options.Durability == JournalDurability.Full ? "FULL" : "NORMAL";
        // Checkpoints run beside the writer (see CheckpointLoopAsync), so a commit never waits for one.
        await _writer.ExecuteAsync($"PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous}; PRAGMA busy_timeout=10000; PRAGMA wal_autocheckpoint=0;").ConfigureAwait(false);
        if (options.MaxSizeMegabytes is { } cap)
        {
            // A hard ceiling instead of filling the disk the PBX host may share; appends beyond it fail loudly.
            var pageSize = await _writer.ExecuteScalarAsync<long>("PRAGMA page_size").ConfigureAwait(false);
            await _writer.ExecuteAsync($"PRAGMA max_page_count={Math.Max(1, cap * 1024L * 1024L / pageSize)}").ConfigureAwait(false);
        }

        await SchemaMigrator.ApplyAsync(_writer, JournalSchema.Sqlite, cancellationToken).ConfigureAwait(false);

        _insert = new SqliteInsertStatement(_writer);
        _existing = _writer.CreateCommand();
        _existing.CommandText = "SELECT position FROM journal_events WHERE event_id = $id";
        _existing.Parameters.Add(new SqliteParameter { ParameterName = "$id" });
        _existing.Prepare();
    }

    private protected override Task CommitAsync(IReadOnlyList<PendingAppend> batch)
    {
        using var tx = _writer.BeginTransaction(deferred: false);
        _existing.Transaction = tx;
        foreach (var pending in batch)
        {
            var events = pending.Events;
            for (var i = 0; i < events.Count; i++)
            {
                if (_insert.Insert(events[i]) is { } position)
                {
                    pending.Results[i] = new AppendResult(position, true);
                }
                else
                {
                    _existing.Parameters[0].Value = events[i].Id.ToBytes();
                    pending.Results[i] = new AppendResult((long)_existing.ExecuteScalar()!, false);
                }
            }
        }

        tx.Commit();
        return Task.CompletedTask;
    }

    private protected override async ValueTask<DbConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    public override async ValueTask DisposeAsync()
    {
        await _stopCheckpoints.CancelAsync().ConfigureAwait(false);
        await _checkpoints.ConfigureAwait(false);
        _stopCheckpoints.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
        _insert?.Dispose();
        _existing?.Dispose();
        await _writer.DisposeAsync().ConfigureAwait(false);

        // Pooled readers keep the file open; clearing them lets SQLite checkpoint and remove the WAL,
        // which is how the next open knows this close was clean.
        SqliteConnection.ClearPool(_writer);
    }
}
