using System.Runtime.CompilerServices;
using Dapper;
using Microsoft.Data.Sqlite;
using Middleware.Core.Events;

namespace Middleware.Core.Journal;

/// <summary>
/// The embedded journal: one SQLite file in WAL mode. A dedicated writer connection commits groups
/// of appends; reads open their own pooled connections and never block the writer.
/// </summary>
public sealed class SqliteJournal : GroupCommitJournal
{
    private const string InsertSql =
        "INSERT INTO journal_events (event_id, source, kind, call_id, occurred_at, received_at, payload, raw_format, raw, synthesized, caused_by) " +
        "VALUES ($id, $source, $kind, $call, $occurred, $received, $payload, $rawFormat, $raw, $synth, $causedBy) ON CONFLICT (event_id) DO NOTHING";

    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private SqliteCommand _insert = null!;
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
        return journal;
    }

    private async Task OpenWriterAsync(JournalOptions options, CancellationToken cancellationToken)
    {
        await _writer.OpenAsync(cancellationToken).ConfigureAwait(false);
        var synchronous = options.Durability == JournalDurability.Full ? "FULL" : "NORMAL";
        await _writer.ExecuteAsync($"PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous}; PRAGMA busy_timeout=10000;").ConfigureAwait(false);
        if (options.MaxSizeMegabytes is { } cap)
        {
            // A hard ceiling instead of filling the disk the PBX host may share; appends beyond it fail loudly.
            var pageSize = await _writer.ExecuteScalarAsync<long>("PRAGMA page_size").ConfigureAwait(false);
            await _writer.ExecuteAsync($"PRAGMA max_page_count={Math.Max(1, cap * 1024L * 1024L / pageSize)}").ConfigureAwait(false);
        }

        await SchemaMigrator.ApplyAsync(_writer, SqliteSchema.Migrations, cancellationToken).ConfigureAwait(false);

        // Hot path: one prepared statement rebound per row (Dapper would rebuild parameters each time).
        _insert = _writer.CreateCommand();
        _insert.CommandText = InsertSql;
        foreach (var name in new[] { "$id", "$source", "$kind", "$call", "$occurred", "$received", "$payload", "$rawFormat", "$raw", "$synth", "$causedBy" })
        {
            _insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        _insert.Prepare();
        _existing = _writer.CreateCommand();
        _existing.CommandText = "SELECT position FROM journal_events WHERE event_id = $id";
        _existing.Parameters.Add(new SqliteParameter { ParameterName = "$id" });
        _existing.Prepare();
    }

    private protected override Task CommitAsync(IReadOnlyList<PendingAppend> batch)
    {
        using var tx = _writer.BeginTransaction(deferred: false);
        _insert.Transaction = tx;
        _existing.Transaction = tx;
        var p = _insert.Parameters;
        foreach (var pending in batch)
        {
            var events = pending.Events;
            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i];
                var id = e.Id.ToBytes();
                p[0].Value = id;
                p[1].Value = e.Source;
                p[2].Value = e.Kind;
                p[3].Value = (object?)e.CallId ?? DBNull.Value;
                p[4].Value = TimeCodec.ToMicros(e.OccurredAt);
                p[5].Value = TimeCodec.ToMicros(e.ReceivedAt);
                p[6].Value = EventJson.Serialize(e.Payload);
                p[7].Value = (object?)e.Raw?.Format ?? DBNull.Value;
                p[8].Value = e.Raw is { } raw ? raw.Bytes.ToArray() : DBNull.Value;
                p[9].Value = e.Synthesized ? 1L : 0L;
                p[10].Value = e.CausedBy is { } cause ? cause.ToBytes() : DBNull.Value;
                if (_insert.ExecuteNonQuery() == 1)
                {
                    pending.Results[i] = new AppendResult(SQLitePCL.raw.sqlite3_last_insert_rowid(_writer.Handle), true);
                }
                else
                {
                    _existing.Parameters[0].Value = id;
                    pending.Results[i] = new AppendResult((long)_existing.ExecuteScalar()!, false);
                }
            }
        }

        tx.Commit();
        return Task.CompletedTask;
    }

    private SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    public override IAsyncEnumerable<JournalEntry> ReadCallAsync(string callId, CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {JournalRow.Columns} FROM journal_events WHERE call_id = @callId ORDER BY position", new { callId }, cancellationToken);

    public override IAsyncEnumerable<JournalEntry> ReadRangeAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        QueryAsync(
            $"SELECT {JournalRow.Columns} FROM journal_events WHERE occurred_at >= @from AND occurred_at < @to ORDER BY occurred_at, position",
            new { from = TimeCodec.ToMicros(from), to = TimeCodec.ToMicros(to) },
            cancellationToken);

    public override async Task<IReadOnlyList<JournalEntry>> ReadAfterAsync(long position, int max, CancellationToken cancellationToken = default)
    {
        await using var connection = OpenReader();
        var rows = await connection.QueryAsync<JournalRow>(
            $"SELECT {JournalRow.Columns} FROM journal_events WHERE position > @position ORDER BY position LIMIT @max",
            new { position, max }).ConfigureAwait(false);
        return rows.Select(r => r.ToEntry()).ToList();
    }

    public override async Task<long> HeadAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = OpenReader();
        return await connection.ExecuteScalarAsync<long?>("SELECT MAX(position) FROM journal_events").ConfigureAwait(false) ?? 0;
    }

    private async IAsyncEnumerable<JournalEntry> QueryAsync(string sql, object args, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = OpenReader();
        await foreach (var row in connection.QueryUnbufferedAsync<JournalRow>(sql, args).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return row.ToEntry();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync().ConfigureAwait(false);
        _insert?.Dispose();
        _existing?.Dispose();
        await _writer.DisposeAsync().ConfigureAwait(false);

        // Pooled readers keep the file open; clearing them lets SQLite checkpoint and remove the WAL,
        // which is how the next open knows this close was clean.
        SqliteConnection.ClearPool(_writer);
    }
}
