namespace Middleware.Enrichment.Ticketing;

/// <summary>
/// An extractive summary: the transcript's sentences that carry most of the call's key terms (and
/// its unresolved markers), kept in call order with who said them. Extractive, so nothing on the
/// ticket is words nobody said; without a transcript, the call's signalling says what happened.
/// </summary>
public static class ExtractiveSummary
{
    private static readonly char[] SentenceEnds = ['.', '!', '?', '。', '！', '？', '；', ';'];

    public static string Summarize(CallTicketFacts facts, IReadOnlyList<string> terms, int sentences)
    {
        var candidates = new List<(int Order, Speaker Speaker, string Text, double Score)>();
        foreach (var segment in facts.Said)
        {
            foreach (var sentence in segment.Text.Split(SentenceEnds, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (sentence.Length < 2)
                {
                    continue;
                }

                // Term hits dominate; the caller's words and the call's opening (where the reason is usually stated) break ties.
                var hits = terms.Count(t => t.Length > 0 && sentence.Contains(t, StringComparison.OrdinalIgnoreCase));
                var score = hits + (segment.Speaker == Speaker.Caller ? 0.3 : 0) + (candidates.Count == 0 ? 0.2 : 0);
                candidates.Add((candidates.Count, segment.Speaker, sentence, score));
            }
        }

        if (candidates.Count == 0)
        {
            return Signalling(facts);
        }

        var picked = candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Order).Take(Math.Max(1, sentences)).OrderBy(c => c.Order);
        return string.Join(" ", picked.Select(c => $"{Who(c.Speaker)}: {c.Text}"));
    }

    /// <summary>The caller's own words from the start, up to <paramref name="maxChars"/>.</summary>
    public static string? Excerpt(CallTicketFacts facts, int maxChars)
    {
        var text = new StringBuilder();
        foreach (var segment in facts.Said.Where(s => s.Speaker == Speaker.Caller))
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(segment.Text.Trim());
            if (text.Length >= maxChars)
            {
                break;
            }
        }

        return text.Length == 0 ? null : text.Length <= maxChars ? text.ToString() : text.ToString(0, maxChars) + "…";
    }

    private static string Signalling(CallTicketFacts facts)
    {
        var call = facts.Call;
        var parts = new List<string>();
        if (facts.AbandonedQueue is { } queue)
        {
            parts.Add($"caller gave up in queue {queue} after {facts.AbandonedAfterSeconds ?? 0:0} s");
        }
        else if (call.AnsweredAt is { } answered && call.EndedAt is { } ended)
        {
            parts.Add($"talked {(ended - answered).TotalSeconds:0} s" + ((call.AgentName ?? call.Agent) is { } agent ? $" with {agent}" : ""));
        }

        if (call.Holds > 0)
        {
            parts.Add($"{call.Holds} hold(s)");
        }

        if (call.Transfers > 0)
        {
            parts.Add($"{call.Transfers} transfer(s)");
        }

        if (facts.WrapUpCode is { } code)
        {
            parts.Add($"wrap-up {code}");
        }

        return parts.Count == 0 ? "no transcript" : string.Join("; ", parts);
    }

    private static string Who(Speaker speaker) => speaker switch
    {
        Speaker.Caller => "Caller",
        Speaker.Agent => "Agent",
        _ => "Speaker",
    };
}
