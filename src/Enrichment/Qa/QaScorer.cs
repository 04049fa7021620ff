namespace Middleware.Enrichment.Qa;

/// <summary>One thing a call did wrong, as QA reports it.</summary>
public sealed record QaIssue(string Rule, string Severity, string Message, string? Excerpt);

/// <summary>
/// Scores a whole call against one rule set: each dimension 0..100 (only those the call's words
/// and timing can judge), the weighted total, and the issues found. Pure: the same transcript
/// always scores the same, so a replay reproduces the score.
/// </summary>
public static class QaScorer
{
    public static (IReadOnlyDictionary<string, double> Dimensions, double Total, IReadOnlyList<QaIssue> Issues) Score(QaRuleSet rules, IReadOnlyList<TranscriptSegment> said)
    {
        var dimensions = new Dictionary<string, double>(StringComparer.Ordinal);
        var issues = new List<QaIssue>();
        var agent = said.Where(s => s.Speaker == Speaker.Agent).ToList();
        if (agent.Count == 0)
        {
            return (dimensions, 0, issues);
        }

        var agentStart = agent[0].StartSeconds;
        var end = said.Max(s => s.EndSeconds);

        Phrase("greeting", rules.Greeting, agent.Where(s => s.StartSeconds - agentStart <= rules.GreetingWithin.TotalSeconds),
            $"no greeting in the agent's first {rules.GreetingWithin.TotalSeconds:0} s");
        Phrase("identity_check", rules.IdentityCheck, agent, "the caller's identity was not checked");
        Phrase("closing", rules.Closing, agent.Where(s => end - s.EndSeconds <= rules.ClosingWithinLast.TotalSeconds),
            $"no closing in the last {rules.ClosingWithinLast.TotalSeconds:0} s");

        if (rules.Disclosures.Count > 0)
        {
            var missing = rules.Disclosures.Where(d => !agent.Any(s => Contains(s.Text, d.Phrases))).ToList();
            dimensions["disclosures"] = 100.0 * (rules.Disclosures.Count - missing.Count) / rules.Disclosures.Count;
            issues.AddRange(missing.Select(d => new QaIssue("disclosures", "major", $"required disclosure '{d.Name}' not made", null)));
        }

        var forbidden = ForbiddenIn(rules, agent).ToList();
        dimensions["compliance"] = Math.Max(0, 100 - (50 * forbidden.Count));
        issues.AddRange(forbidden);

        if (rules.Politeness.Phrases.Count > 0 && rules.PolitenessMin > 0)
        {
            var markers = agent.Sum(s => rules.Politeness.Phrases.Count(p => s.Text.Contains(p, StringComparison.OrdinalIgnoreCase)));
            dimensions["politeness"] = Math.Min(1.0, (double)markers / rules.PolitenessMin) * 100;
            if (markers < rules.PolitenessMin)
            {
                issues.Add(new QaIssue("politeness", "minor", $"{markers} politeness marker(s), {rules.PolitenessMin} expected", null));
            }
        }

        var agentTalk = agent.Sum(s => s.EndSeconds - s.StartSeconds);
        var allTalk = said.Sum(s => s.EndSeconds - s.StartSeconds);
        if (allTalk > 0 && said.Any(s => s.Speaker == Speaker.Caller))
        {
            var ratio = agentTalk / allTalk;
            var off = ratio < rules.TalkRatioMin ? rules.TalkRatioMin - ratio : ratio > rules.TalkRatioMax ? ratio - rules.TalkRatioMax : 0;
            dimensions["talk_ratio"] = Math.Max(0, 100 - (off * 200));
            if (off > 0)
            {
                issues.Add(new QaIssue("talk_ratio", "minor", $"agent talked {ratio:P0} of the time (expected {rules.TalkRatioMin:P0}–{rules.TalkRatioMax:P0})", null));
            }
        }

        var silences = Silences(said, rules.MaxSilence).ToList();
        dimensions["silence"] = Math.Max(0, 100 - (20 * silences.Count));
        issues.AddRange(silences.Select(g => new QaIssue("silence", "minor", $"{g.Length:0} s of silence at {g.At:0} s", null)));

        var overlap = TalkOver(said);
        dimensions["talk_over"] = overlap <= rules.MaxTalkOver.TotalSeconds ? 100 : Math.Max(0, 100 - ((overlap - rules.MaxTalkOver.TotalSeconds) * 10));
        if (overlap > rules.MaxTalkOver.TotalSeconds)
        {
            issues.Add(new QaIssue("talk_over", "minor", $"caller and agent spoke at once for {overlap:0.#} s in all", null));
        }

        var weight = 0.0;
        var sum = 0.0;
        foreach (var (name, value) in dimensions)
        {
            var w = rules.Weights.GetValueOrDefault(name, 1);
            weight += w;
            sum += w * value;
        }

        return (dimensions, weight == 0 ? 0 : Math.Round(sum / weight, 1), issues);

        void Phrase(string name, PhraseRule rule, IEnumerable<TranscriptSegment> where, string missing)
        {
            if (rule.Phrases.Count == 0)
            {
                return;
            }

            var found = where.Any(s => Contains(s.Text, rule.Phrases));
            dimensions[name] = found ? 100 : 0;
            if (!found)
            {
                issues.Add(new QaIssue(name, name == "identity_check" ? "major" : "minor", missing, null));
            }
        }
    }

    /// <summary>Forbidden phrases the agent said, one issue per segment and phrase.</summary>
    public static IEnumerable<QaIssue> ForbiddenIn(QaRuleSet rules, IEnumerable<TranscriptSegment> agent) =>
        from s in agent
        from p in rules.Forbidden
        where p.Length > 0 && s.Text.Contains(p, StringComparison.OrdinalIgnoreCase)
        select new QaIssue("forbidden", "critical", $"agent said \"{p}\" at {s.StartSeconds:0} s", s.Text);

    /// <summary>Gaps with nobody speaking longer than <paramref name="max"/>.</summary>
    public static IEnumerable<(double At, double Length)> Silences(IReadOnlyList<TranscriptSegment> said, TimeSpan max)
    {
        var ordered = said.OrderBy(s => s.StartSeconds).ToList();
        var spokenUntil = ordered.Count > 0 ? ordered[0].EndSeconds : 0;
        foreach (var s in ordered.Skip(1))
        {
            if (s.StartSeconds - spokenUntil > max.TotalSeconds)
            {
                yield return (spokenUntil, s.StartSeconds - spokenUntil);
            }

            spokenUntil = Math.Max(spokenUntil, s.EndSeconds);
        }
    }

    /// <summary>Seconds during which caller and agent segments overlap (each leg's voice activity).</summary>
    public static double TalkOver(IReadOnlyList<TranscriptSegment> said)
    {
        var callerSegments = said.Where(s => s.Speaker == Speaker.Caller).ToList();
        return said.Where(s => s.Speaker == Speaker.Agent)
            .Sum(a => callerSegments.Sum(c => Math.Max(0, Math.Min(a.EndSeconds, c.EndSeconds) - Math.Max(a.StartSeconds, c.StartSeconds))));
    }

    private static bool Contains(string text, IEnumerable<string> phrases) => phrases.Any(p => p.Length > 0 && text.Contains(p, StringComparison.OrdinalIgnoreCase));
}
