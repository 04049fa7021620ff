namespace Middleware.Enrichment.Analytics;

/// <summary>Today's figures by hour of day (in the viewer's time zone), for the dashboard's charts.</summary>
/// <param name="AverageSpeedOfAnswer">Seconds answered callers waited, per hour; null where none was answered.</param>
/// <param name="AbandonRate">Percent of queued callers who hung up waiting, per hour; null where none queued.</param>
public sealed record TodayStats(int[] Volume, double?[] AverageSpeedOfAnswer, double?[] AbandonRate, IReadOnlyList<ReasonCount> TopReasons, int Calls, int Answered, int Abandoned)
{
    /// <summary>IVR self-service today (FastAGI sessions of the <c>ivr</c> application): self-served vs transferred.</summary>
    public Ivr.ContainmentRate? Ivr { get; init; }

    public static TodayStats From(IReadOnlyList<CallRecord> calls, TimeSpan offset)
    {
        var volume = new int[24];
        var asa = new double?[24];
        var abandon = new double?[24];
        foreach (var hour in calls.GroupBy(c => c.StartedAt.ToOffset(offset).Hour))
        {
            volume[hour.Key] = hour.Count();
            var answered = hour.Where(c => c.Answered && c.WaitSeconds is not null).ToList();
            asa[hour.Key] = answered.Count == 0 ? null : Math.Round(answered.Average(c => c.WaitSeconds!.Value), 1);
            var queued = hour.Count(c => c.Queue is not null);
            abandon[hour.Key] = queued == 0 ? null : Math.Round(100.0 * hour.Count(c => c.Abandoned) / queued, 1);
        }

        // A reason that is only a queue name (no intent detected on those calls) is marked so the chart can say so.
        var categories = calls.Select(c => c.Category).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var reasons = CallReasons.Rank(calls).Take(8).Select(r => new ReasonCount(r.Reason, r.Calls, !categories.Contains(r.Reason) && r.Reason != "other")).ToList();
        return new TodayStats(volume, asa, abandon, reasons, calls.Count, calls.Count(c => c.Answered), calls.Count(c => c.Abandoned));
    }
}

/// <param name="FromQueue">True when no call in it had a detected intent: the reason is the queue the callers asked for.</param>
public sealed record ReasonCount(string Reason, int Count, bool FromQueue = false);
