namespace Middleware.Enrichment.Ticketing;

/// <summary>
/// Turns ticket drafts into tickets in the CRM, through the write-back gate (so the mode and the
/// allow-list decide, and the write is journaled, retried until acknowledged and done once).
/// </summary>
public sealed class TicketWriter(string target, bool updateOpenTicket = true) : IEnricher
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
                ["summary"] = Describe(draft),
            };
            if (draft.CustomerNumber is { } number)
            {
                parameters["customerNumber"] = number;
            }

            if (draft.SlaDueAt is { } due)
            {
                parameters["slaDueAt"] = Iso(due);
            }

            foreach (var (tier, tierDue) in draft.SlaDueByTier ?? new Dictionary<string, DateTimeOffset>())
            {
                parameters[TicketResult.DueForTier + tier] = Iso(tierDue);
            }

            if (draft.Department is { } department)
            {
                parameters["department"] = department;
            }

            if (updateOpenTicket)
            {
                parameters["updateOpenTicket"] = "true";
            }

            context.RequestWriteBack(target, "CreateTicket", parameters, $"ticket draft: {draft.Title}");
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The ticket's description: the summary, then what else the call told, one line each.</summary>
    private static string Describe(TicketDraft draft)
    {
        var lines = new List<string> { draft.Summary };
        if (draft.Reasons is { Count: > 0 } reasons)
        {
            lines.Add("Why: " + string.Join("; ", reasons));
        }

        if (draft.Department is { } department)
        {
            lines.Add("Department: " + department);
        }

        if (draft.Keywords is { Count: > 0 } keywords)
        {
            lines.Add("Keywords: " + string.Join(", ", keywords));
        }

        if (draft.Emotion is { } emotion)
        {
            lines.Add("Caller emotion: " + emotion);
        }

        if (draft.Excerpt is { } excerpt)
        {
            lines.Add("Excerpt: " + excerpt);
        }

        return string.Join("\n", lines);
    }

    private static string Iso(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);
}
