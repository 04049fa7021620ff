using System.Text.Json.Nodes;

namespace Middleware.Adapters.Crm;

/// <summary>A customer as the middleware needs it, whatever the CRM calls the fields.</summary>
/// <param name="Id">Kept as the CRM's own JSON value (number or string) to send back unchanged.</param>
public sealed record CrmCustomer(JsonNode Id, string? Name, string? Phone, string? Tier)
{
    public string IdText => Id is JsonValue v && v.TryGetValue<string>(out var s) ? s : Id.ToJsonString();

    public bool IsVip => Tier is { } t && (t.Equals("vip", StringComparison.OrdinalIgnoreCase) || t.Equals("platinum", StringComparison.OrdinalIgnoreCase));
}

public sealed record CrmProfile(CrmCustomer Customer, int OpenTickets, int RecentOrders);

public sealed record CrmOrder(string? Number, string Status, string? Total);

/// <summary>What the customer owes or holds, in the CRM's currency.</summary>
public sealed record CrmBalance(decimal Amount, string? Currency);

/// <summary>The CRM understood and refused (4xx): retrying cannot help.</summary>
public sealed class CrmRejectedException(string message) : Exception(message);

/// <summary>A ticket as the CRM holds it: enough to find the open one a repeat call belongs to, and to follow its status.</summary>
public sealed record CrmTicket(string Id, string? Category, string Status);

/// <summary>One ticket as a list of changed tickets reports it: its status and when the CRM last changed it.</summary>
public sealed record CrmTicketChange(string Id, string Status, DateTimeOffset UpdatedAt);
