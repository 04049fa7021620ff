namespace Middleware.Enrichment.Ticketing;

/// <summary>Checks the binder cannot make key by key: priorities are levels, raise_priority_on names known aggravations.</summary>
public static class TicketRuleChecks
{
    private static readonly string[] Aggravations = ["escalation_risk", "vip", "repeat_caller"];

    public static IEnumerable<(string Key, string Message)> Problems(TicketingOptions options)
    {
        var rules = options.Categories.Select((r, i) => ($"categories[{i}]", r)).Append(("default_category", options.DefaultCategory));
        foreach (var (key, rule) in rules)
        {
            if (!TicketCategorizer.IsLevel(rule.Priority))
            {
                yield return ($"{key}.priority", $"'{rule.Priority}' is not a priority (low, normal, high, urgent)");
            }
        }

        for (var i = 0; i < options.RaisePriorityOn.Count; i++)
        {
            if (!Aggravations.Contains(options.RaisePriorityOn[i]))
            {
                yield return ($"raise_priority_on[{i}]", $"'{options.RaisePriorityOn[i]}' is not one of {string.Join(", ", Aggravations)}");
            }
        }

        for (var i = 0; i < options.Sla.Count; i++)
        {
            if (options.Sla[i].Within <= TimeSpan.Zero)
            {
                yield return ($"sla[{i}].within", "must be longer than zero");
            }
        }
    }
}
