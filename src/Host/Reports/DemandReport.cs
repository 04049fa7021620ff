using Middleware.Enrichment.Ivr;

namespace Middleware.Host.Reports;

/// <summary>Why people call and who calls again: top reasons, repeat callers, abandons by queue.</summary>
public static class DemandReport
{
    /// <param name="ivr">IVR self-service over the same journal; its section is left out when there was no session.</param>
    public static ReportDocument Build(IReadOnlyList<CallRecord> calls, DateTimeOffset from, DateTimeOffset to, TimeSpan repeatWindow, ContainmentRate? ivr = null)
    {
        var report = new ReportDocument("Demand · 来电需求", $"{calls.Count} calls from {from:yyyy-MM-dd} to {to:yyyy-MM-dd}");
        var reasons = CallReasons.Rank(calls);
        report.Sections.Add(new ReportSection("Top call reasons · 主要来电原因", "A call's reason is its detected intent category, else the queue it asked for.",
            SvgChart.Bars(reasons.Take(12).Select(r => r.Reason).ToList(), reasons.Take(12).Select(r => (double)r.Calls).ToList()),
            ["reason", "calls", "share %", "abandoned"],
            reasons.Select(r => new[] { r.Reason, r.Calls.ToString(CultureInfo.InvariantCulture), (100.0 * r.Calls / Math.Max(1, calls.Count)).ToString("0.0", CultureInfo.InvariantCulture), r.Abandoned.ToString(CultureInfo.InvariantCulture) }).ToList()));

        var repeats = RepeatCallers.Find(calls, repeatWindow);
        report.Sections.Add(new ReportSection("Repeat callers · 重复来电",
            $"{repeats.Count} number(s) called more than once within {repeatWindow.TotalDays:0.#} day(s); {repeats.Sum(r => r.Calls)} calls, {100.0 * repeats.Sum(r => r.Calls) / Math.Max(1, calls.Count):0.0} % of all. A repeat often means the first call did not resolve the issue.",
            TableHeader: ["number", "calls", "first", "last", "reasons"],
            TableRows: repeats.Take(20).Select(r => new[] { r.Number, r.Calls.ToString(CultureInfo.InvariantCulture), r.First.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture), r.Last.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture), r.Reasons }).ToList()));

        var queues = QueueFigures.From(calls).Select(q => new[]
        {
            q.Queue, q.Calls.ToString(CultureInfo.InvariantCulture), q.Abandoned.ToString(CultureInfo.InvariantCulture),
            q.AbandonPercent.ToString("0.0", CultureInfo.InvariantCulture), q.AverageWaitSeconds.ToString("0.0", CultureInfo.InvariantCulture),
        }).ToList();
        report.Sections.Add(new ReportSection("Queues · 队列", TableHeader: ["queue", "calls", "abandoned", "abandon %", "avg wait s"], TableRows: queues));

        if (ivr is { Sessions: > 0 } contained)
        {
            string N(int n) => n.ToString(CultureInfo.InvariantCulture);
            string Share(int n) => (100.0 * n / contained.Sessions).ToString("0.0", CultureInfo.InvariantCulture);
            report.Sections.Add(new ReportSection("IVR self-service · 自助服务",
                $"Containment {contained.Rate * 100:0.0} %: of {contained.Sessions} callers who entered the FastAGI IVR, {contained.SelfServed} were served without an agent. " +
                "A caller who hung up before being served counts against it; sessions that failed for a technical reason are shown apart" + (contained.Failed > 0 ? $" ({contained.Failed})." : "."),
                SvgChart.Bars(["self-served", "transferred", "hung up"], [contained.SelfServed, contained.Transferred, contained.HungUp]),
                ["outcome", "sessions", "share %"],
                [["self-served", N(contained.SelfServed), Share(contained.SelfServed)], ["transferred", N(contained.Transferred), Share(contained.Transferred)],
                 ["hung up unserved", N(contained.HungUp), Share(contained.HungUp)], ["failed (not counted)", N(contained.Failed), ""]]));
        }

        report.Csv.Add(["section", "key", "calls", "detail"]);
        report.Csv.AddRange(reasons.Select(r => new[] { "reason", r.Reason, r.Calls.ToString(CultureInfo.InvariantCulture), r.Abandoned.ToString(CultureInfo.InvariantCulture) + " abandoned" }));
        report.Csv.AddRange(repeats.Select(r => new[] { "repeat-caller", r.Number, r.Calls.ToString(CultureInfo.InvariantCulture), r.Reasons }));
        if (ivr is { Sessions: > 0 } c)
        {
            report.Csv.Add(["ivr", "containment", c.Sessions.ToString(CultureInfo.InvariantCulture), (c.Rate * 100).ToString("0.0", CultureInfo.InvariantCulture) + " % self-served"]);
            report.Csv.Add(["ivr", "self-served", c.SelfServed.ToString(CultureInfo.InvariantCulture), ""]);
            report.Csv.Add(["ivr", "transferred", c.Transferred.ToString(CultureInfo.InvariantCulture), ""]);
            report.Csv.Add(["ivr", "hung-up", c.HungUp.ToString(CultureInfo.InvariantCulture), ""]);
            report.Csv.Add(["ivr", "failed", c.Failed.ToString(CultureInfo.InvariantCulture), "not counted"]);
        }
        return report;
    }
}
