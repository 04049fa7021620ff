namespace Middleware.Enrichment.Ticketing;

/// <summary>Files a call under the first category rule it matches (intent, queue, keywords, abandoned), and sets its priority.</summary>
public sealed class TicketCategorizer(TicketingOptions options)
{
    private static readonly string[] Levels = ["low", "normal", "high", "urgent"];

    private readonly IReadOnlyList<TicketCategoryRule> _rules = [.. options.Categories];
    private readonly TicketCategoryRule _default = options.DefaultCategory;
    private readonly HashSet<string> _raiseOn = new(options.RaisePriorityOn, StringComparer.OrdinalIgnoreCase);

    public TicketCategoryRule Categorize(CallTicketFacts facts) => _rules.FirstOrDefault(r => Matches(r, facts)) ?? _default;

    /// <summary>The category's priority, a step higher for each configured aggravation the call has.</summary>
    public string Priority(TicketCategoryRule category, CallTicketFacts facts)
    {
        var level = Math.Max(0, Array.IndexOf(Levels, category.Priority.ToLowerInvariant()));
        level += (_raiseOn.Contains("escalation_risk") && facts.EscalationRisk is not null ? 1 : 0)
            + (_raiseOn.Contains("vip") && facts.Vip ? 1 : 0)
            + (_raiseOn.Contains("repeat_caller") && facts.EarlierCalls > 0 ? 1 : 0);
        return Levels[Math.Min(level, Levels.Length - 1)];
    }

    public static bool IsLevel(string priority) => Levels.Contains(priority, StringComparer.OrdinalIgnoreCase);

    private static bool Matches(TicketCategoryRule rule, CallTicketFacts facts)
    {
        if (rule.Abandoned && facts.AbandonedQueue is not null)
        {
            return true;
        }

        if (facts.Call.Intent is { } intent && rule.Intents.Any(i => i.Equals(intent.Intent, StringComparison.OrdinalIgnoreCase) || i.Equals(intent.Category, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        if (facts.Call.Queue is { } queue && rule.Queues.Contains(queue, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        return rule.Keywords.Count > 0 && rule.Keywords.Any(k =>
            facts.Keywords.Contains(k, StringComparer.OrdinalIgnoreCase) || facts.Said.Any(s => s.Text.Contains(k, StringComparison.OrdinalIgnoreCase)));
    }
}
