namespace Middleware.Core.Journal;

/// <summary>Where the two journal stores' SQL dialects differ: the column types.</summary>
/// <param name="Position">The append order: SQLite's INTEGER PRIMARY KEY is the rowid itself; PostgreSQL needs an identity column.</param>
/// <param name="Uuid">Event ids: 16 raw bytes in SQLite, PostgreSQL's native uuid.</param>
/// <param name="Int64">Times (Unix ticks) and positions.</param>
/// <param name="Json">The payload: text in SQLite, jsonb in PostgreSQL (queried by key there).</param>
/// <param name="Bytes">The raw source bytes.</param>
/// <param name="Flag">A boolean column (SQLite has none: 0/1), with <paramref name="False"/> its default.</param>
internal sealed record JournalColumnTypes(string Position, string Uuid, string Int64, string Json, string Bytes, string Flag, string False)
{
    public static JournalColumnTypes Sqlite { get; } = new("INTEGER PRIMARY KEY", "BLOB", "INTEGER", "TEXT", "BLOB", "INTEGER", "0");

    public static JournalColumnTypes Postgres { get; } = new("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "UUID", "BIGINT", "JSONB", "BYTEA", "BOOLEAN", "FALSE");
}
