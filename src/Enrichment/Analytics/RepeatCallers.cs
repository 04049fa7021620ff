using Middleware.Core.Numbers;

namespace Middleware.Enrichment.Analytics;

/// <summary>A number that called again within the window: often a first call that did not resolve the issue.</summary>
public sealed record RepeatCaller(string Number, int Calls, DateTimeOffset First, DateTimeOffset Last, string Reasons);

public static class RepeatCallers
{
    /// <summary>Numbers with two or more calls no further apart than the window (formats unified), most calls first.</summary>
    public static IReadOnlyList<RepeatCaller> Find(IReadOnlyList<CallRecord> calls, TimeSpan window) =>
        calls.Where(c => PhoneNumber.Digits(c.CallerNumber).Length >= PhoneNumber.MinimumSuffix)
            .GroupBy(c => PhoneNumber.Digits(c.CallerNumber))
            .Select(g => g.OrderBy(c => c.StartedAt).ToList())
            .Where(list => list.Zip(list.Skip(1)).Any(p => p.Second.StartedAt - p.First.StartedAt <= window))
            .Select(list => new RepeatCaller(list[0].CallerNumber!, list.Count, list[0].StartedAt, list[^1].StartedAt,
                string.Join("; ", list.Select(CallReasons.Of).Distinct())))
            .OrderByDescending(r => r.Calls).ThenBy(r => r.Number, StringComparer.Ordinal)
            .ToList();
}
