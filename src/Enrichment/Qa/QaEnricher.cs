namespace Middleware.Enrichment.Qa;

/// <summary>
/// Scores every call an agent spoke on. During the call, what a supervisor should hear about now
/// is raised as it happens (a forbidden phrase, a long silence, no greeting in time); at hangup the
/// whole call is scored (<see cref="QaScorer"/>): the remaining findings, then one
/// <see cref="QaScored"/> with every dimension and the total. Works on whatever transcript the
/// call has (ASR segments, or text from a chat or CRM); a call without agent speech has nothing to
/// judge and gets no score.
/// </summary>
public sealed class QaEnricher(QaOptions options) : IEnricher
{
    private readonly IReadOnlyList<QaRuleSet> _sets = options.RuleSets.Count > 0 ? [.. options.RuleSets] : [QaRuleSets.English(), QaRuleSets.Chinese()];
    private readonly ConcurrentDictionary<string, CallQa> _calls = new(StringComparer.Ordinal);

    public string Name => "qa";

    public IReadOnlyCollection<string> Kinds { get; } = [EventKinds.TranscriptSegment, EventKinds.CallEnded];

    public ValueTask EnrichAsync(EventEnvelope envelope, EnrichmentContext context, CancellationToken cancellationToken)
    {
        if (envelope.CallId is not { } callId)
        {
            return ValueTask.CompletedTask;
        }

        switch (envelope.Payload)
        {
            case TranscriptSegment { IsFinal: true } segment when !string.IsNullOrWhiteSpace(segment.Text):
                During(_calls.GetOrAdd(callId, _ => new CallQa()), segment, context);
                break;
            case CallEnded when _calls.TryRemove(callId, out var qa):
                AtEnd(qa, context);
                break;
        }

        return ValueTask.CompletedTask;
    }

    private void During(CallQa qa, TranscriptSegment segment, EnrichmentContext context)
    {
        var rules = For(segment.Language ?? qa.Said.LastOrDefault()?.Language);
        var gap = qa.Said.Count > 0 ? segment.StartSeconds - qa.Said.Max(s => s.EndSeconds) : 0;
        qa.Said.Add(segment);
        if (gap > rules.MaxSilence.TotalSeconds)
        {
            Raise(qa, context, new QaIssue("silence", "minor", $"{gap:0} s of silence at {segment.StartSeconds - gap:0} s", null));
        }

        if (segment.Speaker != Speaker.Agent)
        {
            return;
        }

        qa.AgentStart ??= segment.StartSeconds;
        foreach (var issue in QaScorer.ForbiddenIn(rules, [segment]))
        {
            Raise(qa, context, issue);
        }

        if (!qa.Greeted && rules.Greeting.Phrases.Any(p => segment.Text.Contains(p, StringComparison.OrdinalIgnoreCase))
            && segment.StartSeconds - qa.AgentStart <= rules.GreetingWithin.TotalSeconds)
        {
            qa.Greeted = true;
        }
        else if (!qa.Greeted && !qa.Raised.Contains("greeting") && segment.StartSeconds - qa.AgentStart > rules.GreetingWithin.TotalSeconds && rules.Greeting.Phrases.Count > 0)
        {
            Raise(qa, context, new QaIssue("greeting", "minor", $"no greeting in the agent's first {rules.GreetingWithin.TotalSeconds:0} s", null));
        }
    }

    private void AtEnd(CallQa qa, EnrichmentContext context)
    {
        var rules = For(Majority(qa.Said));
        var (dimensions, total, issues) = QaScorer.Score(rules, qa.Said);
        if (dimensions.Count == 0)
        {
            return;
        }

        foreach (var issue in issues)
        {
            // Forbidden phrases and silences were raised as they happened; others once per rule.
            if (issue.Rule is not ("forbidden" or "silence") && qa.Raised.Add(issue.Rule))
            {
                Emit(context, issue, dimensions.GetValueOrDefault(issue.Rule));
            }
        }

        context.Emit(new QaScored(total, dimensions, issues.Count, total >= options.ExemplaryAt && issues.Count == 0, rules.Language));
    }

    private static void Raise(CallQa qa, EnrichmentContext context, QaIssue issue)
    {
        qa.Raised.Add(issue.Rule);
        Emit(context, issue, null);
    }

    private static void Emit(EnrichmentContext context, QaIssue issue, double? score) =>
        context.Emit(new QaFinding(issue.Rule, issue.Severity, issue.Message, issue.Excerpt, score));

    private QaRuleSet For(string? language) =>
        _sets.FirstOrDefault(s => language is not null && language.StartsWith(s.Language, StringComparison.OrdinalIgnoreCase)) ?? _sets[0];

    private static string? Majority(List<TranscriptSegment> said) =>
        said.Where(s => s.Language is not null).GroupBy(s => s.Language![..Math.Min(2, s.Language!.Length)]).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();

    private sealed class CallQa
    {
        public List<TranscriptSegment> Said { get; } = [];

        public HashSet<string> Raised { get; } = new(StringComparer.Ordinal);

        public double? AgentStart { get; set; }

        public bool Greeted { get; set; }
    }
}
