using System.Text.Json.Nodes;
using Middleware.Adapters.Crm.Configuration;
using Middleware.Core.WriteBack;

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
                    var customer = p.TryGetValue("customerNumber", out var number) && !string.IsNullOrEmpty(number)
                        ? await crm.FindCustomerByPhoneAsync(number, cancellationToken).ConfigureAwait(false)
                        : null;
                    var values = new Dictionary<string, JsonNode?>
                    {
                        ["customerId"] = customer?.Id.DeepClone(),
                        ["phone"] = number,
                        ["title"] = Required("title"),
                        ["category"] = p.GetValueOrDefault("category", "general"),
                        ["priority"] = p.GetValueOrDefault("priority", "normal"),
                        ["summary"] = p.GetValueOrDefault("summary", ""),
                        ["slaDueAt"] = p.GetValueOrDefault("slaDueAt"),
                        ["callId"] = command.CallId,
                    };
                    var ticket = await crm.CreateTicketAsync(values, command.RequestId, cancellationToken).ConfigureAwait(false);
                    return $"ticket {ticket}{(customer is null ? " (caller not found in the CRM)" : $" for customer {customer.IdText}")}";
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
}
