namespace Middleware.Core.Journal;

internal static class PostgresSchema
{
    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, "journal events", """
            CREATE TABLE journal_events (
                position     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                event_id     UUID    NOT NULL,
                source       TEXT    NOT NULL,
                kind         TEXT    NOT NULL,
                call_id      TEXT,
                occurred_at  BIGINT  NOT NULL,
                received_at  BIGINT  NOT NULL,
                payload      JSONB   NOT NULL,
                raw_format   TEXT,
                raw          BYTEA,
                synthesized  BOOLEAN NOT NULL DEFAULT FALSE,
                caused_by    UUID
            );
            CREATE UNIQUE INDEX ux_journal_events_event_id ON journal_events (event_id);
            CREATE INDEX ix_journal_events_call ON journal_events (call_id, position) WHERE call_id IS NOT NULL;
            CREATE INDEX ix_journal_events_occurred ON journal_events (occurred_at);
            """),
        new(2, "journal cursors", """
            CREATE TABLE journal_cursors (
                name        TEXT    PRIMARY KEY,
                position    BIGINT  NOT NULL,
                updated_at  BIGINT  NOT NULL
            );
            """),
    ];
}
