namespace Middleware.SampleCrm.Data;

public sealed record Customer(long Id, string Name, string Phone, string Tier, string? Email, string CreatedAt);

public sealed record Order(long Id, long CustomerId, string Number, string Status, double Total, string CreatedAt);

public sealed record Ticket(long Id, long? CustomerId, string? Phone, string Title, string Category, string Priority, string Status, string? Description, string? SlaDueAt, string CreatedAt, string UpdatedAt);

public sealed record Note(long Id, long? CustomerId, long? TicketId, string Text, string CreatedAt);
