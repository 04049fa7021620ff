using System.Data.Common;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace Middleware.Core.Journal;

/// <summary>
/// The scale-out journal: several middleware nodes append to one PostgreSQL table. A group commit
/// is one INSERT ... SELECT FROM unnest(arrays) round trip.
/// </summary>
/// <remarks>
/// Positions come from an identity column, so with several concurrent writers a row with a lower
/// position can commit after one with a higher position; followers of the stream should read
/// with a short lag when more than one node writes.
/// </remarks>
public sealed class PostgresJournal : GroupCommitJournal
{
    private const string InsertSql = """
        INSERT INTO journal_events (event_id, source, kind, call_id, occurred_at, received_at, payload, raw_format, raw, synthesized, caused_by)
        SELECT * FROM unnest(@ids, @sources, @kinds, @calls, @occurred, @received, @payloads::jsonb[], @rawFormats, @raws, @synth, @causes)
        ON CONFLICT (event_id) DO NOTHING
        RETURNING event_id, position
        """;

    private readonly NpgsqlDataSource _dataSource;

    private PostgresJournal(NpgsqlDataSource dataSource, JournalOptions options, TimeProvider? time)
        : base(options.MaxBatch, time)
    {
        _dataSource = dataSource;
        var builder = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString) { Password = null };
        Description = $"postgresql://{builder.Host}:{builder.Port}/{builder.Database}";
    }

    public override string Description { get; }

    public static async Task<PostgresJournal> OpenAsync(JournalOptions options, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new ArgumentException("journal.connection_string is required for the postgres journal");
        }

        var dataSource = NpgsqlDataSource.Create(options.ConnectionString);
        try
        {
            await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
            {
                // Two nodes starting at once must not both migrate.
                await connection.ExecuteAsync("SELECT pg_advisory_lock(7262736)").ConfigureAwait(false);
                try
                {
                    await SchemaMigrator.ApplyAsync(connection, JournalSchema.Postgres, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    await connection.ExecuteAsync("SELECT pg_advisory_unlock(7262736)").ConfigureAwait(false);
                }
            }

            var journal = new PostgresJournal(dataSource, options, time);
            journal.StartWriter();
            return journal;
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private protected override async Task CommitAsync(IReadOnlyList<PendingAppend> batch)
    {
        var count = batch.Sum(p => p.Events.Count);
        var ids = new Guid[count];
        var sources = new string[count];
        var kinds = new string[count];
        var calls = new string?[count];
        var occurred = new long[count];
        var received = new long[count];
        var payloads = new string[count];
        var rawFormats = new string?[count];
        var raws = new byte[]?[count];
        var synth = new bool[count];
        var causes = new Guid?[count];
        var n = 0;
        foreach (var pending in batch)
        {
            foreach (var e in pending.Events)
            {
                ids[n] = e.Id.Value;
                sources[n] = e.Source;
                kinds[n] = e.Kind;
                calls[n] = e.CallId;
                occurred[n] = TimeCodec.ToMicros(e.OccurredAt);
                received[n] = TimeCodec.ToMicros(e.ReceivedAt);
                payloads[n] = EventJson.Serialize(e.Payload);
                rawFormats[n] = e.Raw?.Format;
                raws[n] = e.Raw?.Bytes.ToArray();
                synth[n] = e.Synthesized;
                causes[n] = e.CausedBy?.Value;
                n++;
            }
        }

        await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync().ConfigureAwait(false);
        var inserted = new Dictionary<Guid, long>(count);
        await using (var command = new NpgsqlCommand(InsertSql, connection, tx))
        {
            command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = ids });
            command.Parameters.Add(new NpgsqlParameter("sources", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = sources });
            command.Parameters.Add(new NpgsqlParameter("kinds", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = kinds });
            command.Parameters.Add(new NpgsqlParameter("calls", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = calls });
            command.Parameters.Add(new NpgsqlParameter("occurred", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = occurred });
            command.Parameters.Add(new NpgsqlParameter("received", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = received });
            command.Parameters.Add(new NpgsqlParameter("payloads", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = payloads });
            command.Parameters.Add(new NpgsqlParameter("rawFormats", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rawFormats });
            command.Parameters.Add(new NpgsqlParameter("raws", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = raws });
            command.Parameters.Add(new NpgsqlParameter("synth", NpgsqlDbType.Array | NpgsqlDbType.Boolean) { Value = synth });
            command.Parameters.Add(new NpgsqlParameter("causes", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = causes });
            await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                inserted[reader.GetGuid(0)] = reader.GetInt64(1);
            }
        }

        // Duplicates (already journaled, or twice in this batch) resolve to the existing row.
        var missing = ids.Where(id => !inserted.ContainsKey(id)).Distinct().ToArray();
        var existing = missing.Length == 0
            ? new Dictionary<Guid, long>()
            : (await connection.QueryAsync<(Guid Id, long Position)>(
                "SELECT event_id, position FROM journal_events WHERE event_id = ANY(@missing)", new { missing }, tx).ConfigureAwait(false))
                .ToDictionary(r => r.Id, r => r.Position);
        await tx.CommitAsync().ConfigureAwait(false);

        var seen = new HashSet<Guid>();
        foreach (var pending in batch)
        {
            for (var i = 0; i < pending.Events.Count; i++)
            {
                var id = pending.Events[i].Id.Value;
                pending.Results[i] = inserted.TryGetValue(id, out var position) && seen.Add(id)
                    ? new AppendResult(position, true)
                    : new AppendResult(inserted.TryGetValue(id, out position) ? position : existing[id], false);
            }
        }
    }

    private protected override string KindInListSql => "kind = ANY(@kinds)";

    private protected override async ValueTask<DbConnection> OpenReaderAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }
}
