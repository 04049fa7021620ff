namespace Middleware.Enrichment.Analytics;

/// <param name="AverageWaitSeconds">Of the answered calls (0 when none was answered).</param>
public sealed record QueueFigures(string Queue, int Calls, int Abandoned, double AbandonPercent, double AverageWaitSeconds)
{
    /// <summary>Per queue a call asked for, in the order the queues first appear.</summary>
    public static IReadOnlyList<QueueFigures> From(IEnumerable<CallRecord> calls) =>
        calls.Where(c => c.Queue is not null).GroupBy(c => c.Queue!).Select(g => new QueueFigures(
            g.Key,
            g.Count(),
            g.Count(c => c.Abandoned),
            100.0 * g.Count(c => c.Abandoned) / g.Count(),
            g.Where(c => c.Answered && c.WaitSeconds is not null).Select(c => c.WaitSeconds!.Value).DefaultIfEmpty(0).Average())).ToList();
}
