namespace Middleware.SampleCrm.Data;

internal static class CrmSchema
{
    public const string Sql = """
        PRAGMA journal_mode=WAL;
        CREATE TABLE IF NOT EXISTS customers (
            id          INTEGER PRIMARY KEY,
            name        TEXT NOT NULL,
            phone       TEXT NOT NULL,
            tier        TEXT NOT NULL,
            email       TEXT,
            balance     REAL NOT NULL DEFAULT 0,
            created_at  TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_customers_phone ON customers (phone);
        CREATE TABLE IF NOT EXISTS orders (
            id          INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers (id),
            number      TEXT NOT NULL UNIQUE,
            status      TEXT NOT NULL,
            total       REAL NOT NULL,
            created_at  TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS tickets (
            id              INTEGER PRIMARY KEY,
            customer_id     INTEGER REFERENCES customers (id),
            phone           TEXT,
            title           TEXT NOT NULL,
            category        TEXT NOT NULL,
            priority        TEXT NOT NULL,
            status          TEXT NOT NULL,
            description     TEXT,
            sla_due_at      TEXT,
            created_at      TEXT NOT NULL,
            updated_at      TEXT,
            idempotency_key TEXT UNIQUE
        );
        CREATE TABLE IF NOT EXISTS notes (
            id              INTEGER PRIMARY KEY,
            customer_id     INTEGER,
            ticket_id       INTEGER,
            text            TEXT NOT NULL,
            created_at      TEXT NOT NULL,
            idempotency_key TEXT UNIQUE
        );
        """;

    /// <summary>Databases made before tickets had <c>updated_at</c> get the column, filled with the creation time.</summary>
    public const string AddUpdatedAt = """
        ALTER TABLE tickets ADD COLUMN updated_at TEXT;
        UPDATE tickets SET updated_at = created_at;
        """;
}
