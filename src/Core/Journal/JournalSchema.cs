namespace Middleware.Core.Journal;

/// <summary>
/// The journal's tables, written once for both stores: SQLite and PostgreSQL agree on every column,
/// index and constraint and differ only in the column types of <see cref="JournalColumnTypes"/>.
/// Migrations are applied by version (<see cref="SchemaMigrator"/>); a new step is a new version here.
/// </summary>
internal static class JournalSchema
{
    public static IReadOnlyList<Migration> Sqlite { get; } = Migrations(JournalColumnTypes.Sqlite);

    public static IReadOnlyList<Migration> Postgres { get; } = Migrations(JournalColumnTypes.Postgres);

    private static IReadOnlyList<Migration> Migrations(JournalColumnTypes t) =>
    [
        new(1, "journal events", $"""
            CREATE TABLE journal_events (
                position     {t.Position},
                event_id     {t.Uuid,-7} NOT NULL,
                source       TEXT    NOT NULL,
                kind         TEXT    NOT NULL,
                call_id      TEXT,
                occurred_at  {t.Int64,-7} NOT NULL,
                received_at  {t.Int64,-7} NOT NULL,
                payload      {t.Json,-7} NOT NULL,
                raw_format   TEXT,
                raw          {t.Bytes},
                synthesized  {t.Flag} NOT NULL DEFAULT {t.False},
                caused_by    {t.Uuid}
            );
            CREATE UNIQUE INDEX ux_journal_events_event_id ON journal_events (event_id);
            CREATE INDEX ix_journal_events_call ON journal_events (call_id, position) WHERE call_id IS NOT NULL;
            CREATE INDEX ix_journal_events_occurred ON journal_events (occurred_at);
            """),
        new(2, "journal cursors", $"""
            CREATE TABLE journal_cursors (
                name        TEXT    PRIMARY KEY,
                position    {t.Int64,-7} NOT NULL,
                updated_at  {t.Int64,-7} NOT NULL
            );
            """),
    ];
}
