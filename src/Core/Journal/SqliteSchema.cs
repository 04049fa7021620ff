namespace Middleware.Core.Journal;

internal static class SqliteSchema
{
    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, "journal events", """
            CREATE TABLE journal_events (
                position     INTEGER PRIMARY KEY,
                event_id     BLOB    NOT NULL,
                source       TEXT    NOT NULL,
                kind         TEXT    NOT NULL,
                call_id      TEXT,
                occurred_at  INTEGER NOT NULL,
                received_at  INTEGER NOT NULL,
                payload      TEXT    NOT NULL,
                raw_format   TEXT,
                raw          BLOB,
                synthesized  INTEGER NOT NULL DEFAULT 0,
                caused_by    BLOB
            );
            CREATE UNIQUE INDEX ux_journal_events_event_id ON journal_events (event_id);
            CREATE INDEX ix_journal_events_call ON journal_events (call_id, position) WHERE call_id IS NOT NULL;
            CREATE INDEX ix_journal_events_occurred ON journal_events (occurred_at);
            """),
        new(2, "journal cursors", """
            CREATE TABLE journal_cursors (
                name        TEXT    PRIMARY KEY,
                position    INTEGER NOT NULL,
                updated_at  INTEGER NOT NULL
            );
            """),
    ];
}
