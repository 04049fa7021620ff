namespace Middleware.Host.Reports;

/// <summary>The staffing forecast (<see cref="VolumeForecast"/>) as a chart, the busiest hours and a CSV.</summary>
public static class ForecastReport
{
    public static ReportDocument Build(IReadOnlyList<CallRecord> calls, TimeSpan offset, DateTimeOffset start, int days, TimeSpan wrapUp, double targetServiceLevel, TimeSpan answerWithin)
    {
        var profile = TrafficProfile.From(calls, offset);
        var handle = profile.AverageHandleTime(wrapUp);
        var forecast = VolumeForecast.Forecast(calls, offset, start, days, handle, targetServiceLevel, answerWithin);
        var report = new ReportDocument("Volume forecast and staffing · 话务预测与排班",
            $"Next {days} day(s) from {start.ToOffset(offset):yyyy-MM-dd HH:00}; target {targetServiceLevel:P0} answered within {answerWithin.TotalSeconds:0} s; handle time {handle.TotalSeconds:0} s (talk + {wrapUp.TotalSeconds:0} s wrap-up) from {calls.Count(c => c.Answered)} answered calls");
        var labels = forecast.Select(f => f.Hour.ToString("ddd HH", CultureInfo.InvariantCulture)).ToList();
        report.Sections.Add(new ReportSection("Calls expected per hour, and agents needed · 预计来电与所需坐席",
            "Calls: weighted average of the same weekday and hour in past weeks. Agents: Erlang C for the target.",
            SvgChart.Lines(labels, ("calls / hour", "#3678c8", forecast.Select(f => f.Calls).ToList(), false), ("agents needed", "#d1495b", forecast.Select(f => (double)f.AgentsNeeded).ToList(), true))));
        var busiest = forecast.OrderByDescending(f => f.Calls).Take(12).OrderBy(f => f.Hour).ToList();
        report.Sections.Add(new ReportSection("Busiest hours ahead · 高峰时段", TableHeader: ["hour", "calls expected", "agents needed", "service level at that staffing"],
            TableRows: busiest.Select(f => new[] { f.Hour.ToString("yyyy-MM-dd ddd HH:00", CultureInfo.InvariantCulture), f.Calls.ToString("0.0", CultureInfo.InvariantCulture), f.AgentsNeeded.ToString(CultureInfo.InvariantCulture), f.ServiceLevelAtThatStaffing.ToString("P0", CultureInfo.InvariantCulture) }).ToList()));
        report.Csv.Add(["hour", "calls_expected", "agents_needed", "service_level"]);
        report.Csv.AddRange(forecast.Select(f => new[] { f.Hour.ToString("yyyy-MM-ddTHH:mmzzz", CultureInfo.InvariantCulture), f.Calls.ToString("0.00", CultureInfo.InvariantCulture), f.AgentsNeeded.ToString(CultureInfo.InvariantCulture), f.ServiceLevelAtThatStaffing.ToString("0.000", CultureInfo.InvariantCulture) }));
        return report;
    }
}
