using Dapper;
using Microsoft.Data.Sqlite;

namespace Middleware.SampleCrm.Data;

/// <summary>The sample CRM's data, in its own SQLite file (Dapper). Writes with an idempotency key happen once.</summary>
public sealed class CrmStore
{
    /// <summary>A ticket's life: what PATCH /api/tickets/{id} accepts.</summary>
    public static readonly IReadOnlyList<string> Statuses = ["open", "in_progress", "resolved", "closed"];

    private const string TicketColumns =
        "id, customer_id AS CustomerId, phone, title, category, priority, status, description, sla_due_at AS SlaDueAt, created_at AS CreatedAt, updated_at AS UpdatedAt";

    private readonly string _connectionString;

    public CrmStore(string path)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();
        using var db = Open();
        db.Execute(CrmSchema.Sql);
        if (!db.Query<string>("SELECT name FROM pragma_table_info('tickets')").Contains("updated_at"))
        {
            db.Execute(CrmSchema.AddUpdatedAt);
        }

        db.Execute("CREATE INDEX IF NOT EXISTS ix_tickets_updated_at ON tickets (updated_at)");
        CrmSeed.Run(db);
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        connection.Execute("PRAGMA busy_timeout=10000");
        return connection;
    }

    public IReadOnlyList<Customer> FindByPhone(string phone)
    {
        using var db = Open();
        var digits = Digits(phone);
        return db.Query<Customer>("SELECT id, name, phone, tier, email, created_at AS CreatedAt FROM customers").Where(c => SameNumber(Digits(c.Phone), digits)).ToList();
    }

    public Customer? Customer(long id)
    {
        using var db = Open();
        return db.QuerySingleOrDefault<Customer>("SELECT id, name, phone, tier, email, created_at AS CreatedAt FROM customers WHERE id = @id", new { id });
    }

    /// <summary>The customer's account balance (CNY); null when there is no such customer.</summary>
    public double? Balance(long customerId)
    {
        using var db = Open();
        return db.ExecuteScalar<double?>("SELECT balance FROM customers WHERE id = @customerId", new { customerId });
    }

    public IReadOnlyList<Note> Notes(long? customerId = null)
    {
        using var db = Open();
        return db.Query<Note>("SELECT id, customer_id AS CustomerId, ticket_id AS TicketId, text, created_at AS CreatedAt FROM notes WHERE (@customerId IS NULL OR customer_id = @customerId) ORDER BY id", new { customerId }).ToList();
    }

    /// <summary>Every order number, for tests and the demo to key in.</summary>
    public IReadOnlyList<Order> AllOrders()
    {
        using var db = Open();
        return db.Query<Order>("SELECT id, customer_id AS CustomerId, number, status, total, created_at AS CreatedAt FROM orders ORDER BY id").ToList();
    }

    public IReadOnlyList<Ticket> Tickets(long? customerId = null, string? status = null)
    {
        using var db = Open();
        return db.Query<Ticket>(
            $"SELECT {TicketColumns} FROM tickets WHERE (@customerId IS NULL OR customer_id = @customerId) AND (@status IS NULL OR status = @status) ORDER BY id",
            new { customerId, status }).ToList();
    }

    /// <summary>Tickets created or changed at or after <paramref name="since"/>, oldest change first. Inclusive, so a
    /// poller asking again from the newest time it saw misses nothing written in that same instant.</summary>
    public IReadOnlyList<Ticket> TicketsUpdatedSince(DateTimeOffset since)
    {
        using var db = Open();
        return db.Query<Ticket>($"SELECT {TicketColumns} FROM tickets WHERE updated_at >= @since ORDER BY updated_at, id", new { since = Stamp(since) }).ToList();
    }

    public Ticket? Ticket(long id)
    {
        using var db = Open();
        return db.QuerySingleOrDefault<Ticket>($"SELECT {TicketColumns} FROM tickets WHERE id = @id", new { id });
    }

    public IReadOnlyList<Order> Orders(long customerId)
    {
        using var db = Open();
        return db.Query<Order>("SELECT id, customer_id AS CustomerId, number, status, total, created_at AS CreatedAt FROM orders WHERE customer_id = @customerId ORDER BY created_at DESC", new { customerId }).ToList();
    }

    public Order? Order(string number)
    {
        using var db = Open();
        return db.QuerySingleOrDefault<Order>("SELECT id, customer_id AS CustomerId, number, status, total, created_at AS CreatedAt FROM orders WHERE number = @number", new { number });
    }

    /// <summary>Creates a ticket once per idempotency key; a repeat returns the first one (created: false).</summary>
    public (Ticket Ticket, bool Created) CreateTicket(long? customerId, string? phone, string title, string category, string priority, string? description, string? slaDueAt, string? key)
    {
        using var db = Open();
        using var tx = db.BeginTransaction();
        if (key is not null && db.ExecuteScalar<long?>("SELECT id FROM tickets WHERE idempotency_key = @key", new { key }, tx) is { } existing)
        {
            tx.Commit();
            return (Ticket(existing)!, false);
        }

        var id = db.ExecuteScalar<long>(
            "INSERT INTO tickets (customer_id, phone, title, category, priority, status, description, sla_due_at, created_at, updated_at, idempotency_key) " +
            "VALUES (@customerId, @phone, @title, @category, @priority, 'open', @description, @slaDueAt, @at, @at, @key) RETURNING id",
            new { customerId, phone, title, category, priority, description, slaDueAt, at = Stamp(DateTimeOffset.UtcNow), key }, tx);
        tx.Commit();
        return (Ticket(id)!, true);
    }

    /// <summary>Sets the status and stamps <c>updated_at</c>; false when there is no such ticket.</summary>
    public bool UpdateTicketStatus(long id, string status)
    {
        bool updated;
        using (var db = Open())
        {
            updated = db.Execute("UPDATE tickets SET status = @status, updated_at = @at WHERE id = @id", new { id, status, at = Stamp(DateTimeOffset.UtcNow) }) == 1;
        }

        if (updated && TicketStatusChanged is { } changed && Ticket(id) is { } ticket)
        {
            changed(ticket);
        }

        return updated;
    }

    /// <summary>After a ticket's status is set, through either API (the outgoing webhook listens).</summary>
    public event Action<Ticket>? TicketStatusChanged;

    public (Note Note, bool Created) AddNote(long? customerId, long? ticketId, string text, string? key)
    {
        using var db = Open();
        if (key is not null && db.QuerySingleOrDefault<Note>("SELECT id, customer_id AS CustomerId, ticket_id AS TicketId, text, created_at AS CreatedAt FROM notes WHERE idempotency_key = @key", new { key }) is { } existing)
        {
            return (existing, false);
        }

        var id = db.ExecuteScalar<long>("INSERT INTO notes (customer_id, ticket_id, text, created_at, idempotency_key) VALUES (@customerId, @ticketId, @text, @at, @key) RETURNING id",
            new { customerId, ticketId, text, at = DateTimeOffset.UtcNow.ToString("O"), key });
        return (new Note(id, customerId, ticketId, text, DateTimeOffset.UtcNow.ToString("O")), true);
    }

    public long CountTickets()
    {
        using var db = Open();
        return db.ExecuteScalar<long>("SELECT COUNT(*) FROM tickets");
    }

    /// <summary>Times are stored as UTC round-trip text of one width, so SQL compares them as text in time order.</summary>
    private static string Stamp(DateTimeOffset at) => at.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    private static string Digits(string phone)
    {
        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray()).TrimStart('0');
        return digits;
    }

    private static bool SameNumber(string a, string b) =>
        a.Length > 0 && b.Length > 0 && (a == b || (Math.Min(a.Length, b.Length) >= 7 && (a.EndsWith(b, StringComparison.Ordinal) || b.EndsWith(a, StringComparison.Ordinal))));
}
