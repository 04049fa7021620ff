namespace Middleware.Enrichment.Ticketing;

/// <summary>How soon a ticket is due: the first SLA rule matching its category and the customer's tier.</summary>
public sealed class SlaPolicy(TicketingOptions options)
{
    private readonly IReadOnlyList<SlaRule> _rules = [.. options.Sla];

    public (TimeSpan Within, TimeSpan WarnBefore) For(string category, string tier)
    {
        var rule = _rules.FirstOrDefault(r => Match(r.Category, category) && Match(r.Tier, tier));
        if (rule is not null)
        {
            return (rule.Within, rule.WarnBefore);
        }

        var within = tier.Equals("vip", StringComparison.OrdinalIgnoreCase) ? options.VipCallbackSla : options.CallbackSla;
        return (within, TimeSpan.FromTicks(within.Ticks / 8));
    }

    /// <summary>Every tier a rule names for this category (plus "standard" and "vip"), each with its due time.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> DueByTier(string category, DateTimeOffset from)
    {
        var tiers = _rules.Where(r => Match(r.Category, category) && r.Tier != "*").Select(r => r.Tier.ToLowerInvariant())
            .Append("standard").Append("vip").Distinct(StringComparer.Ordinal);
        return tiers.ToDictionary(t => t, t => from + For(category, t).Within, StringComparer.Ordinal);
    }

    private static bool Match(string pattern, string value) => pattern == "*" || pattern.Equals(value, StringComparison.OrdinalIgnoreCase);
}
