namespace Middleware.Host.Reports;

/// <summary>
/// `report shadow`: an observe-mode journal read as the migration decision needs it — how often the
/// legacy ACD did what the middleware suggested, and how calls fared when it did and when it did not.
/// </summary>
public static class ShadowReport
{
    public static ReportDocument Build(ShadowComparison shadow, TimeSpan offset)
    {
        var calls = shadow.Calls;
        var report = new ReportDocument("Shadow report: routing hints next to the legacy ACD",
            calls.Count == 0 ? "no queued calls" : $"{calls.Count} queued call(s), {calls[0].StartedAt.ToOffset(offset):yyyy-MM-dd HH:mm} to {calls[^1].StartedAt.ToOffset(offset):yyyy-MM-dd HH:mm}");
        report.Sections.Add(new ReportSection("Summary", Summary(shadow)));
        report.Sections.Add(new ReportSection("Where the ACD agreed with the hint and where it did not",
            "Agreed: the ACD connected the agent the hint suggested. The split is observational (the ACD's agreement is not random), so differences are associated with agreement, not proven caused by it. First-contact resolution: the caller did not call again within the repeat window.",
            TableHeader: ["", "calls", "mean wait s", "abandon rate", "first-contact resolution"],
            TableRows: [Row("agreed", shadow.Agreed), Row("disagreed", shadow.Disagreed)]));
        var hours = calls.GroupBy(c => c.StartedAt.ToOffset(offset).Hour).OrderBy(g => g.Key).ToList();
        report.Sections.Add(new ReportSection("Agreement by hour (% of comparable calls)", Svg: SvgChart.Bars(
            hours.Select(g => $"{g.Key:00}").ToList(),
            hours.Select(g => g.Count(c => c.Comparable) == 0 ? 0 : 100.0 * g.Count(c => c.Agreed) / g.Count(c => c.Comparable)).ToList())));
        report.Sections.Add(new ReportSection("Mean wait by hour (s): agreed vs disagreed", Svg: SvgChart.Lines(
            hours.Select(g => $"{g.Key:00}:00").ToList(),
            ("agreed", "#2a9d8f", hours.Select(g => MeanWait(g.Where(c => c.Agreed))).ToList(), false),
            ("disagreed", "#d1495b", hours.Select(g => MeanWait(g.Where(c => c.Comparable && !c.Agreed))).ToList(), true))));
        report.Sections.Add(new ReportSection("What observe mode held back",
            $"{shadow.TicketsDrafted} ticket(s) would have been created and {shadow.QaFindings} QA finding(s) raised; {shadow.Hinted} call(s) got a routing hint."));
        report.Csv.Add(["call_id", "started_at", "queue", "suggested_agent", "connected_agent", "agreed", "hinted_priority", "answered", "abandoned", "wait_s", "called_again", "tickets_drafted", "qa_findings"]);
        foreach (var c in calls)
        {
            report.Csv.Add([c.CallId, c.StartedAt.ToString("O", CultureInfo.InvariantCulture), c.Queue ?? "", c.SuggestedAgent ?? "", c.ConnectedAgent ?? "",
                c.Comparable ? (c.Agreed ? "yes" : "no") : "", c.HintedPriority.ToString(CultureInfo.InvariantCulture), c.Answered ? "yes" : "no", c.Abandoned ? "yes" : "no",
                c.WaitSeconds?.ToString("0.0", CultureInfo.InvariantCulture) ?? "", c.CalledAgain ? "yes" : "no", c.TicketsDrafted.ToString(CultureInfo.InvariantCulture), c.QaFindings.ToString(CultureInfo.InvariantCulture)]);
        }

        return report;
    }

    /// <summary>The one line `report shadow` prints.</summary>
    public static string Line(ShadowComparison s) => string.Create(CultureInfo.InvariantCulture,
        $"calls={s.Calls.Count} hinted={s.Hinted} agent_agreement={Share(s.AgentAgreement)} wait_agreed_s={Seconds(s.Agreed.MeanWaitSeconds)} wait_disagreed_s={Seconds(s.Disagreed.MeanWaitSeconds)} abandon_agreed={s.Agreed.AbandonRate:0.0000} abandon_disagreed={s.Disagreed.AbandonRate:0.0000} fcr_agreed={s.Agreed.FirstContactResolution:0.0000} fcr_disagreed={s.Disagreed.FirstContactResolution:0.0000} tickets_would_create={s.TicketsDrafted} qa_findings={s.QaFindings}");

    private static string Summary(ShadowComparison s)
    {
        if (s.AgentAgreement is not { } agreement)
        {
            return "No call had both a suggested agent and a connected agent: nothing to compare yet.";
        }

        var gain = s.Agreed.MeanWaitSeconds is { } a && s.Disagreed.MeanWaitSeconds is { } d
            ? string.Create(CultureInfo.InvariantCulture, $" Calls where it agreed waited {a:0.0} s on average against {d:0.0} s where it did not ({(d == 0 ? 0 : (d - a) / d):+0%;-0%;0%} estimated gain if every call had followed the hint).")
            : "";
        return string.Create(CultureInfo.InvariantCulture, $"The ACD connected the suggested agent on {agreement:0.0%} of {s.Agreed.Calls + s.Disagreed.Calls} comparable call(s).{gain}");
    }

    private static string[] Row(string name, ShadowGroup g) =>
        [name, g.Calls.ToString(CultureInfo.InvariantCulture), Seconds(g.MeanWaitSeconds), g.AbandonRate.ToString("0.0000", CultureInfo.InvariantCulture), g.FirstContactResolution.ToString("0.0000", CultureInfo.InvariantCulture)];

    private static double MeanWait(IEnumerable<ShadowCall> calls)
    {
        var waits = calls.Where(c => c.WaitSeconds is not null).Select(c => c.WaitSeconds!.Value).ToList();
        return waits.Count == 0 ? 0 : waits.Average();
    }

    private static string Share(double? v) => v?.ToString("0.0000", CultureInfo.InvariantCulture) ?? "n/a";

    private static string Seconds(double? v) => v?.ToString("0.0", CultureInfo.InvariantCulture) ?? "n/a";
}
