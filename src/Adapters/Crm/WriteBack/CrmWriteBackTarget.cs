using System.Text.Json.Nodes;
using Middleware.Adapters.Crm.Configuration;

namespace Middleware.Adapters.Crm.WriteBack;

/// <summary>
/// Writes to a CRM through the write-back gate: tickets, ticket status, notes. Each write carries
/// the request id as its idempotency key, so a write retried after a CRM outage or a middleware
/// restart is done once. Durable: the gate retries it until the CRM acknowledges.
/// </summary>
public sealed class CrmWriteBackTarget(CrmClient crm) : IWriteBackTarget
{
    public string Name => crm.Name;

    public bool Durable => true;

    public IReadOnlyDictionary<string, WriteBackMode> Actions { get; } = new Dictionary<string, WriteBackMode>(StringComparer.Ordinal)
    {
        ["CreateTicket"] = WriteBackMode.Assist,
        ["UpdateTicketStatus"] = WriteBackMode.Assist,
        ["AddNote"] = WriteBackMode.Assist,
    };

    public async Task<string?> ExecuteAsync(WriteBackCommand command, CancellationToken cancellationToken)
    {
        var p = command.Parameters;
        string Required(string name) => p.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v : throw new WriteBackRejectedException($"{command.Action} needs '{name}'");
        try
        {
            switch (command.Action)
            {
                case "CreateTicket":
                    return await CreateTicketAsync(command, Required, cancellationToken).ConfigureAwait(false);
                case "UpdateTicketStatus":
                    await crm.UpdateTicketStatusAsync(Required("ticketId"), Required("status"), command.RequestId, cancellationToken).ConfigureAwait(false);
                    return $"ticket {p["ticketId"]} is {p["status"]}";
                case "AddNote":
                    if (p.TryGetValue("ticketId", out var ticketId) && !string.IsNullOrEmpty(ticketId))
                    {
                        await crm.AddNoteAsync(CrmOperations.AddTicketNote, new() { ["ticketId"] = ticketId, ["text"] = Required("text"), ["callId"] = command.CallId }, command.RequestId, cancellationToken).ConfigureAwait(false);
                        return $"note on ticket {ticketId}";
                    }

                    var owner = await crm.FindCustomerByPhoneAsync(Required("customerNumber"), cancellationToken).ConfigureAwait(false)
                        ?? throw new WriteBackRejectedException($"no customer with number {p["customerNumber"]}");
                    await crm.AddNoteAsync(CrmOperations.AddCustomerNote, new() { ["customerId"] = owner.Id.DeepClone(), ["text"] = Required("text"), ["callId"] = command.CallId }, command.RequestId, cancellationToken).ConfigureAwait(false);
                    return $"note on customer {owner.IdText}";
                default:
                    throw new WriteBackRejectedException($"{Name} has no action {command.Action}");
            }
        }
        catch (CrmRejectedException ex)
        {
            throw new WriteBackRejectedException(ex.Message);
        }
    }

    /// <summary>
    /// Looks the caller up, then either adds the call to the customer's open ticket of the same
    /// category (when asked: updateOpenTicket) or creates a ticket due by the customer's tier.
    /// Both writes carry the request id as idempotency key, so a retry after an outage or a restart
    /// lands once; the open-ticket check reads the CRM itself, which outlives any restart of ours.
    /// Result text starts "ticket ID" (<see cref="Core.WriteBack.TicketResult"/>).
    /// </summary>
    private async Task<string> CreateTicketAsync(WriteBackCommand command, Func<string, string> required, CancellationToken cancellationToken)
    {
        var p = command.Parameters;
        var number = p.GetValueOrDefault("customerNumber");
        var customer = !string.IsNullOrEmpty(number) ? await crm.FindCustomerByPhoneAsync(number, cancellationToken).ConfigureAwait(false) : null;
        var category = p.GetValueOrDefault("category", "general");
        if (customer is not null && p.GetValueOrDefault("updateOpenTicket") == "true"
            && (await crm.FindOpenTicketsAsync(customer, number, cancellationToken).ConfigureAwait(false)).FirstOrDefault(t => string.Equals(t.Category, category, StringComparison.OrdinalIgnoreCase)) is { } open)
        {
            var text = $"Called again ({command.CallId}): {p.GetValueOrDefault("summary", "")}";
            await crm.AddNoteAsync(CrmOperations.AddTicketNote, new() { ["ticketId"] = open.Id, ["text"] = text, ["callId"] = command.CallId }, command.RequestId, cancellationToken).ConfigureAwait(false);
            return Core.WriteBack.TicketResult.Updated(open.Id, customer.IdText);
        }

        var tier = customer?.Tier?.ToLowerInvariant();
        var due = tier is not null && p.TryGetValue(Core.WriteBack.TicketResult.DueForTier + tier, out var tierDue) ? tierDue : p.GetValueOrDefault("slaDueAt");
        var values = new Dictionary<string, JsonNode?>
        {
            ["customerId"] = customer?.Id.DeepClone(),
            ["phone"] = number,
            ["title"] = required("title"),
            ["category"] = category,
            ["priority"] = p.GetValueOrDefault("priority", "normal"),
            ["summary"] = p.GetValueOrDefault("summary", ""),
            ["slaDueAt"] = due,
            ["callId"] = command.CallId,
        };
        var ticket = await crm.CreateTicketAsync(values, command.RequestId, cancellationToken).ConfigureAwait(false);
        return Core.WriteBack.TicketResult.Created(ticket, customer?.IdText, tier, due);
    }
}
