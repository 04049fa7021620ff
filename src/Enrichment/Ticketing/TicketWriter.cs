using System.Globalization;
using Middleware.Core.Events;
using Middleware.Core.Pipeline;

namespace Middleware.Enrichment.Ticketing;

/// <summary>
/// Turns ticket drafts into tickets in the CRM, through the write-back gate (so the mode and the
/// allow-list decide, and the write is journaled, retried until acknowledged and done once).
/// </summary>
public sealed class TicketWriter(string target) : IEnricher
{
    public string Name => "ticket-writer";

    public IReadOnlyCollection<string> Kinds { get; } = [EventKinds.TicketDraft];

    public ValueTask EnrichAsync(EventEnvelope envelope, EnrichmentContext context, CancellationToken cancellationToken)
    {
        if (envelope.Payload is TicketDraft draft)
        {
            var parameters = new Dictionary<string, string>
            {
                ["title"] = draft.Title,
                ["category"] = draft.Category,
                ["priority"] = draft.Priority,
                ["summary"] = draft.Summary,
            };
            if (draft.CustomerNumber is { } number)
            {
                parameters["customerNumber"] = number;
            }

            if (draft.SlaDueAt is { } due)
            {
                parameters["slaDueAt"] = due.ToString("O", CultureInfo.InvariantCulture);
            }

            context.RequestWriteBack(target, "CreateTicket", parameters, $"ticket draft: {draft.Title}");
        }

        return ValueTask.CompletedTask;
    }
}
