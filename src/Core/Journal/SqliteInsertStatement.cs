using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Middleware.Core.Journal;

/// <summary>
/// The journal's hot path: one prepared INSERT driven through SQLite's own API (bind by index,
/// step, reset), with text and JSON encoded into a reused buffer. Microsoft.Data.Sqlite's command
/// looks parameters up by name on every execution, which cost more than the insert itself.
/// </summary>
internal sealed class SqliteInsertStatement : IDisposable
{
    private const string Sql =
        "INSERT INTO journal_events (event_id, source, kind, call_id, occurred_at, received_at, payload, raw_format, raw, synthesized, caused_by) " +
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT (event_id) DO NOTHING";

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly ArrayBufferWriter<byte> _json = new(1024);
    private readonly Utf8JsonWriter _jsonWriter;
    private byte[] _text = new byte[256];

    public SqliteInsertStatement(SqliteConnection connection)
    {
        _db = connection.Handle!;
        Check(raw.sqlite3_prepare_v2(_db, Sql, out _statement));
        _jsonWriter = new Utf8JsonWriter(_json);
    }

    /// <summary>Inserts one envelope; returns its position, or null when the id was already there.</summary>
    public long? Insert(EventEnvelope e)
    {
        try
        {
            Span<byte> id = stackalloc byte[16];
            e.Id.WriteBytes(id);
            Check(raw.sqlite3_bind_blob(_statement, 1, id));
            BindText(2, e.Source);
            BindText(3, e.Kind);
            BindText(4, e.CallId);
            Check(raw.sqlite3_bind_int64(_statement, 5, TimeCodec.ToMicros(e.OccurredAt)));
            Check(raw.sqlite3_bind_int64(_statement, 6, TimeCodec.ToMicros(e.ReceivedAt)));
            _json.ResetWrittenCount();
            _jsonWriter.Reset();
            JsonSerializer.Serialize(_jsonWriter, e.Payload, EventJson.TypeInfo);
            Check(raw.sqlite3_bind_text(_statement, 7, _json.WrittenSpan));
            BindText(8, e.Raw?.Format);
            Check(e.Raw is { } source ? raw.sqlite3_bind_blob(_statement, 9, source.Bytes.Span) : raw.sqlite3_bind_null(_statement, 9));
            Check(raw.sqlite3_bind_int64(_statement, 10, e.Synthesized ? 1 : 0));
            if (e.CausedBy is { } cause)
            {
                cause.WriteBytes(id);
                Check(raw.sqlite3_bind_blob(_statement, 11, id));
            }
            else
            {
                Check(raw.sqlite3_bind_null(_statement, 11));
            }

            var rc = raw.sqlite3_step(_statement);
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }

            return raw.sqlite3_changes(_db) == 1 ? raw.sqlite3_last_insert_rowid(_db) : null;
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    private void BindText(int index, string? value)
    {
        if (value is null)
        {
            Check(raw.sqlite3_bind_null(_statement, index));
            return;
        }

        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (_text.Length < max)
        {
            _text = new byte[Math.Max(max, _text.Length * 2)];
        }

        var length = Encoding.UTF8.GetBytes(value, _text);
        Check(raw.sqlite3_bind_text(_statement, index, _text.AsSpan(0, length))); // SQLite copies (SQLITE_TRANSIENT)
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }

    public void Dispose()
    {
        _statement.Dispose();
        _jsonWriter.Dispose();
    }
}
