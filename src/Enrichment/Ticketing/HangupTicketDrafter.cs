using Middleware.Core.Numbers;

namespace Middleware.Enrichment.Ticketing;

/// <summary>
/// At hangup, decides whether the call needs a ticket (<see cref="TicketNeed"/>) and drafts it:
/// category and department, priority, an extractive summary, keywords, emotion, a redacted excerpt
/// and SLA due times by tier. What happened earlier in the call (abandoned, escalation risk, the
/// agent's wrap-up code) is noted as it happens; the transcript, intent and emotion are read from
/// the call's state. Free text passes the redaction seam before it is put on the draft, since the
/// draft is journaled, published and sent to the CRM.
/// </summary>
public sealed class HangupTicketDrafter : IEnricher
{
    private readonly TicketingOptions _options;
    private readonly TicketNeed _need;
    private readonly TicketCategorizer _categories;
    private readonly SlaPolicy _sla;
    private readonly PhoneNumberSet _vips;
    private readonly ITextRedactor _redactor;
    private readonly ConcurrentDictionary<string, CallNotes> _notes = new(StringComparer.Ordinal);
    private readonly string _wrapUpName;

    public HangupTicketDrafter(TicketingOptions options, ITextRedactor? redactor = null, RecentCallers? recent = null)
    {
        _options = options;
        _need = new TicketNeed(options.When);
        _categories = new TicketCategorizer(options);
        _sla = new SlaPolicy(options);
        _vips = new PhoneNumberSet(options.VipNumbers);
        _redactor = redactor ?? NoRedaction.Instance;
        Recent = recent ?? new RecentCallers(options.RepeatWithin);
        _wrapUpName = "UserEvent:" + options.WrapUp.UserEvent;
    }

    public string Name => "ticketing";

    /// <summary>Calls per number in the repeat window (the host seeds it from the journal at start).</summary>
    public RecentCallers Recent { get; }

    public IReadOnlyCollection<string> Kinds { get; } = [EventKinds.CallDequeued, EventKinds.EscalationRisk, EventKinds.Unmapped, EventKinds.CallEnded];

    public ValueTask EnrichAsync(EventEnvelope envelope, EnrichmentContext context, CancellationToken cancellationToken)
    {
        if (envelope.CallId is not { } callId)
        {
            return ValueTask.CompletedTask;
        }

        switch (envelope.Payload)
        {
            case CallDequeued { Reason: DequeueReason.Abandoned } abandoned:
                _notes.AddOrUpdate(callId, _ => new CallNotes { AbandonedQueue = abandoned.Queue, AbandonedAfter = abandoned.WaitSeconds },
                    (_, n) => n with { AbandonedQueue = abandoned.Queue, AbandonedAfter = abandoned.WaitSeconds });
                break;
            case EscalationRisk risk:
                _notes.AddOrUpdate(callId, _ => new CallNotes { EscalationRisk = risk.Reason }, (_, n) => n with { EscalationRisk = n.EscalationRisk ?? risk.Reason });
                break;
            case Unmapped u when u.Name == _wrapUpName && WrapUpCode(u) is { } code:
                _notes.AddOrUpdate(callId, _ => new CallNotes { WrapUpCode = code }, (_, n) => n with { WrapUpCode = code });
                break;
            case CallEnded:
                _notes.TryRemove(callId, out var notes);
                if (context.Call?.Snapshot() is { } call)
                {
                    var earlier = Recent.Record(call.CallerNumber, call.StartedAt);
                    Draft(envelope, context, new CallTicketFacts(call, notes?.AbandonedQueue, notes?.AbandonedAfter, notes?.EscalationRisk, notes?.WrapUpCode,
                        earlier, _vips.Contains(call.CallerNumber)));
                }

                break;
        }

        return ValueTask.CompletedTask;
    }

    private void Draft(EventEnvelope ended, EnrichmentContext context, CallTicketFacts facts)
    {
        var reasons = _need.Reasons(facts);
        if (reasons.Count == 0)
        {
            return;
        }

        var category = _categories.Categorize(facts);
        var language = facts.Call.Intent?.Language;
        var terms = facts.Keywords.Concat(category.Keywords).Concat(_options.When.UnresolvedMarkers).ToList();
        var summary = _redactor.Redact(ExtractiveSummary.Summarize(facts, terms, _options.SummarySentences), language).Text;
        var excerpt = ExtractiveSummary.Excerpt(facts, _options.ExcerptChars) is { } text ? _redactor.Redact(text, language).Text : null;
        var (within, warnBefore) = _sla.For(category.Name, facts.Tier);
        var call = facts.Call;
        var who = call.CallerName is { } name ? $"{name} ({call.CallerNumber})" : call.CallerNumber ?? "unknown caller";
        var callBack = facts.AbandonedQueue is not null && category.Abandoned;
        var title = callBack ? $"Call back {who}" : $"{Capitalize(category.Name)}: {who}";
        var titleCode = ReasonCode.Of(callBack ? ReasonCodes.CallBack : ReasonCodes.Category, ("category", category.Name), ("name", call.CallerName), ("caller", call.CallerNumber));
        context.Emit(new TicketDraft(
            title,
            category.Name,
            _categories.Priority(category, facts),
            summary,
            call.CallerNumber,
            ended.OccurredAt + within,
            category.Department,
            facts.Keywords,
            call.Emotion?.CallEmotion ?? call.Emotion?.Emotion,
            excerpt,
            reasons.Texts,
            _sla.DueByTier(category.Name, ended.OccurredAt),
            warnBefore,
            reasons.Codes,
            titleCode));
    }

    private string? WrapUpCode(Unmapped userEvent) =>
        userEvent.Fields.Where(f => f.Key.Equals(_options.WrapUp.Field, StringComparison.OrdinalIgnoreCase)).Select(f => f.Value).FirstOrDefault();

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private sealed record CallNotes
    {
        public string? AbandonedQueue { get; init; }

        public double? AbandonedAfter { get; init; }

        public string? EscalationRisk { get; init; }

        public string? WrapUpCode { get; init; }
    }
}
