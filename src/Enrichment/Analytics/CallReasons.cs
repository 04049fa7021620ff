namespace Middleware.Enrichment.Analytics;

/// <summary>Why people called: a call's reason is its detected intent category, else the queue it asked for.</summary>
public static class CallReasons
{
    public static string Of(CallRecord call) => call.Category ?? call.Queue ?? "other";

    /// <summary>Reasons by how many calls gave them, most first (ties by name), with how many of those were abandoned.</summary>
    public static IReadOnlyList<CallReason> Rank(IEnumerable<CallRecord> calls) =>
        calls.GroupBy(Of)
            .Select(g => new CallReason(g.Key, g.Count(), g.Count(c => c.Abandoned)))
            .OrderByDescending(r => r.Calls).ThenBy(r => r.Reason, StringComparer.Ordinal)
            .ToList();
}

public sealed record CallReason(string Reason, int Calls, int Abandoned);
