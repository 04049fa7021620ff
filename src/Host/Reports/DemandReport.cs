using System.Globalization;
using Middleware.Core.Numbers;
using Middleware.Host.Analytics;

namespace Middleware.Host.Reports;

/// <summary>Why people call and who calls again: top reasons, repeat callers, abandons by queue.</summary>
public static class DemandReport
{
    public static ReportDocument Build(IReadOnlyList<CallRecord> calls, DateTimeOffset from, DateTimeOffset to, TimeSpan repeatWindow)
    {
        var report = new ReportDocument("Demand · 来电需求", $"{calls.Count} calls from {from:yyyy-MM-dd} to {to:yyyy-MM-dd}");
        var reasons = calls.GroupBy(c => c.Category ?? c.Queue ?? "other")
            .Select(g => (Reason: g.Key, Count: g.Count(), Abandoned: g.Count(c => c.Abandoned)))
            .OrderByDescending(r => r.Count).ToList();
        report.Sections.Add(new ReportSection("Top call reasons · 主要来电原因", "A call's reason is its detected intent category, else the queue it asked for.",
            SvgChart.Bars(reasons.Take(12).Select(r => r.Reason).ToList(), reasons.Take(12).Select(r => (double)r.Count).ToList()),
            ["reason", "calls", "share %", "abandoned"],
            reasons.Select(r => new[] { r.Reason, r.Count.ToString(CultureInfo.InvariantCulture), (100.0 * r.Count / Math.Max(1, calls.Count)).ToString("0.0", CultureInfo.InvariantCulture), r.Abandoned.ToString(CultureInfo.InvariantCulture) }).ToList()));

        var repeats = RepeatCallers(calls, repeatWindow);
        report.Sections.Add(new ReportSection("Repeat callers · 重复来电",
            $"{repeats.Count} number(s) called more than once within {repeatWindow.TotalDays:0.#} day(s); {repeats.Sum(r => r.Calls)} calls, {100.0 * repeats.Sum(r => r.Calls) / Math.Max(1, calls.Count):0.0} % of all. A repeat often means the first call did not resolve the issue.",
            TableHeader: ["number", "calls", "first", "last", "reasons"],
            TableRows: repeats.Take(20).Select(r => new[] { r.Number, r.Calls.ToString(CultureInfo.InvariantCulture), r.First.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture), r.Last.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture), r.Reasons }).ToList()));

        var queues = calls.Where(c => c.Queue is not null).GroupBy(c => c.Queue!).Select(g => new[]
        {
            g.Key, g.Count().ToString(CultureInfo.InvariantCulture), g.Count(c => c.Abandoned).ToString(CultureInfo.InvariantCulture),
            (100.0 * g.Count(c => c.Abandoned) / g.Count()).ToString("0.0", CultureInfo.InvariantCulture),
            (g.Where(c => c.Answered && c.WaitSeconds is not null).Select(c => c.WaitSeconds!.Value).DefaultIfEmpty(0).Average()).ToString("0.0", CultureInfo.InvariantCulture),
        }).ToList();
        report.Sections.Add(new ReportSection("Queues · 队列", TableHeader: ["queue", "calls", "abandoned", "abandon %", "avg wait s"], TableRows: queues));

        report.Csv.Add(["section", "key", "calls", "detail"]);
        report.Csv.AddRange(reasons.Select(r => new[] { "reason", r.Reason, r.Count.ToString(CultureInfo.InvariantCulture), r.Abandoned.ToString(CultureInfo.InvariantCulture) + " abandoned" }));
        report.Csv.AddRange(repeats.Select(r => new[] { "repeat-caller", r.Number, r.Calls.ToString(CultureInfo.InvariantCulture), r.Reasons }));
        return report;
    }

    public sealed record RepeatCaller(string Number, int Calls, DateTimeOffset First, DateTimeOffset Last, string Reasons);

    /// <summary>Numbers with two or more calls no further apart than the window (formats unified).</summary>
    public static IReadOnlyList<RepeatCaller> RepeatCallers(IReadOnlyList<CallRecord> calls, TimeSpan window) =>
        calls.Where(c => PhoneNumber.Digits(c.CallerNumber).Length >= PhoneNumber.MinimumSuffix)
            .GroupBy(c => PhoneNumber.Digits(c.CallerNumber))
            .Select(g => g.OrderBy(c => c.StartedAt).ToList())
            .Where(list => list.Zip(list.Skip(1)).Any(p => p.Second.StartedAt - p.First.StartedAt <= window))
            .Select(list => new RepeatCaller(list[0].CallerNumber!, list.Count, list[0].StartedAt, list[^1].StartedAt,
                string.Join("; ", list.Select(c => c.Category ?? c.Queue ?? "other").Distinct())))
            .OrderByDescending(r => r.Calls).ThenBy(r => r.Number, StringComparer.Ordinal)
            .ToList();
}
