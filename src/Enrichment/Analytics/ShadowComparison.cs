using Middleware.Core.Numbers;

namespace Middleware.Enrichment.Analytics;

/// <summary>One queued call of an observe-mode journal: what the middleware suggested next to what the legacy ACD did.</summary>
public sealed record ShadowCall(
    string CallId,
    DateTimeOffset StartedAt,
    string? CallerNumber,
    string? Queue,
    string? SuggestedAgent,
    string? ConnectedAgent,
    int HintedPriority,
    bool Answered,
    bool Abandoned,
    double? WaitSeconds,
    bool CalledAgain,
    int TicketsDrafted,
    int QaFindings)
{
    /// <summary>The hint named an agent and the ACD connected the caller to someone.</summary>
    public bool Comparable => SuggestedAgent is not null && ConnectedAgent is not null;

    public bool Agreed => Comparable && string.Equals(SuggestedAgent, ConnectedAgent, StringComparison.Ordinal);
}

/// <summary>How agreed and disagreed calls fared: counts, mean wait, abandon and first-contact resolution.</summary>
public sealed record ShadowGroup(int Calls, double? MeanWaitSeconds, double AbandonRate, double FirstContactResolution);

/// <summary>
/// The shadow comparison of an observe-mode journal: for every queued call, the agent the routing
/// hint suggested against the agent the legacy ACD connected, and how calls fared where the two
/// agreed and where they did not. First-contact resolution is read from behaviour: the caller did
/// not call again within the repeat window. The split is observational — calls where the ACD
/// happened to agree are not a random sample — so the report says "associated with", not "caused".
/// </summary>
public sealed class ShadowComparison
{
    private ShadowComparison(IReadOnlyList<ShadowCall> calls)
    {
        Calls = calls;
        var comparable = calls.Where(c => c.Comparable).ToList();
        Agreed = Group(comparable.Where(c => c.Agreed));
        Disagreed = Group(comparable.Where(c => !c.Agreed));
        AgentAgreement = comparable.Count == 0 ? null : (double)comparable.Count(c => c.Agreed) / comparable.Count;
    }

    public IReadOnlyList<ShadowCall> Calls { get; }

    public ShadowGroup Agreed { get; }

    public ShadowGroup Disagreed { get; }

    /// <summary>Share of comparable calls where the ACD connected the suggested agent; null when none was comparable.</summary>
    public double? AgentAgreement { get; }

    public int Hinted => Calls.Count(c => c.SuggestedAgent is not null || c.HintedPriority > 0);

    public int TicketsDrafted => Calls.Sum(c => c.TicketsDrafted);

    public int QaFindings => Calls.Sum(c => c.QaFindings);

    public static ShadowComparison Build(IEnumerable<EventEnvelope> events, TimeSpan repeatWindow, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        var calls = new List<ShadowCall>();
        foreach (var call in events.Where(e => e.CallId is not null).GroupBy(e => e.CallId!))
        {
            var started = call.FirstOrDefault(e => e.Payload is CallStarted);
            var queued = call.Select(e => e.Payload).OfType<CallQueued>().FirstOrDefault();
            if (started is null || queued is null || (from is { } f && started.OccurredAt < f) || (to is { } t && started.OccurredAt >= t))
            {
                continue;
            }

            var payloads = call.Select(e => e.Payload).ToList();
            var hints = payloads.OfType<RoutingHint>().Where(h => h.Action != "escalate").ToList();
            var dequeued = payloads.OfType<CallDequeued>().FirstOrDefault();
            var connected = payloads.OfType<AgentConnected>().FirstOrDefault();
            calls.Add(new ShadowCall(
                call.Key,
                started.OccurredAt,
                ((CallStarted)started.Payload).CallerNumber,
                queued.Queue,
                hints.Select(h => h.SuggestedAgent).FirstOrDefault(a => a is not null),
                connected?.Agent,
                hints.Count == 0 ? 0 : hints.Max(h => h.Priority),
                connected is not null,
                dequeued?.Reason == DequeueReason.Abandoned,
                dequeued?.WaitSeconds ?? connected?.WaitSeconds,
                CalledAgain: false,
                payloads.OfType<TicketDraft>().Count(),
                payloads.Count(p => p.Kind == "QaFinding")));
        }

        calls.Sort((a, b) => a.StartedAt.CompareTo(b.StartedAt));
        return new ShadowComparison(MarkRepeats(calls, repeatWindow));
    }

    /// <summary>A call is not resolved on first contact when the same number (any format) calls again within the window.</summary>
    private static List<ShadowCall> MarkRepeats(List<ShadowCall> calls, TimeSpan window)
    {
        // Bucket by the subscriber tail, then confirm with PhoneNumber.Same ("+86 138…" is "138…").
        static string Tail(string? number)
        {
            var digits = PhoneNumber.Digits(number);
            return digits.Length < PhoneNumber.MinimumSuffix ? "" : digits[^PhoneNumber.MinimumSuffix..];
        }

        var byTail = calls.Where(c => Tail(c.CallerNumber).Length > 0).GroupBy(c => Tail(c.CallerNumber)).ToDictionary(g => g.Key, g => g.ToList());
        return calls.Select(c => byTail.TryGetValue(Tail(c.CallerNumber), out var same)
                && same.Any(o => o.StartedAt > c.StartedAt && o.StartedAt - c.StartedAt <= window && PhoneNumber.Same(o.CallerNumber, c.CallerNumber))
            ? c with { CalledAgain = true }
            : c).ToList();
    }

    private static ShadowGroup Group(IEnumerable<ShadowCall> calls)
    {
        var list = calls.ToList();
        if (list.Count == 0)
        {
            return new ShadowGroup(0, null, 0, 0);
        }

        var waits = list.Where(c => c.WaitSeconds is not null).Select(c => c.WaitSeconds!.Value).ToList();
        var answered = list.Where(c => c.Answered).ToList();
        return new ShadowGroup(
            list.Count,
            waits.Count == 0 ? null : waits.Average(),
            (double)list.Count(c => c.Abandoned) / list.Count,
            answered.Count == 0 ? 0 : (double)answered.Count(c => !c.CalledAgain) / answered.Count);
    }
}
