using System.Globalization;
using Middleware.Host.Analytics;

namespace Middleware.Host.Reports;

/// <summary>
/// Calls expected per hour over the coming days, from the journal's weekly pattern (recent weeks
/// weigh more), and the agents each hour needs for a service level target (Erlang C).
/// </summary>
public static class ForecastReport
{
    public sealed record HourForecast(DateTimeOffset Hour, double Calls, int AgentsNeeded, double ServiceLevelAtThatStaffing);

    public static IReadOnlyList<HourForecast> Forecast(IReadOnlyList<CallRecord> calls, TimeSpan offset, DateTimeOffset start, int days, TimeSpan handleTime, double targetServiceLevel, TimeSpan answerWithin)
    {
        // Weighted average of the same weekday and hour in past weeks: this week counts 1, the one before 0.7, then 0.49...
        var byWeek = calls.GroupBy(c =>
        {
            var local = c.StartedAt.ToOffset(offset);
            return ((int)local.DayOfWeek, local.Hour, Week: (int)Math.Floor((start - c.StartedAt).TotalDays / 7));
        }).ToDictionary(g => g.Key, g => g.Count());
        var firstCall = calls.Count == 0 ? start : calls.Min(c => c.StartedAt);
        var weeks = Math.Max(1, (int)Math.Ceiling((start - firstCall).TotalDays / 7));
        var result = new List<HourForecast>();
        var local0 = start.ToOffset(offset);
        var first = new DateTimeOffset(local0.Year, local0.Month, local0.Day, local0.Hour, 0, 0, offset);
        for (var h = 0; h < days * 24; h++)
        {
            var hour = first.AddHours(h);
            double sum = 0, weights = 0;
            for (var w = 0; w < weeks; w++)
            {
                // Only weeks the data fully covers for this slot count, so a partial first week does not drag it down.
                if (hour.AddDays(-7 * (w + 1)) < firstCall.ToOffset(offset).Date)
                {
                    continue;
                }

                var weight = Math.Pow(0.7, w);
                sum += weight * byWeek.GetValueOrDefault(((int)hour.DayOfWeek, hour.Hour, w));
                weights += weight;
            }

            var expected = weights == 0 ? 0 : sum / weights;
            var agents = ErlangC.AgentsNeeded(expected, handleTime, targetServiceLevel, answerWithin);
            result.Add(new HourForecast(hour, expected, agents, ErlangC.ServiceLevel(expected * handleTime.TotalHours, agents, handleTime, answerWithin)));
        }

        return result;
    }

    public static ReportDocument Build(IReadOnlyList<CallRecord> calls, TimeSpan offset, DateTimeOffset start, int days, TimeSpan wrapUp, double targetServiceLevel, TimeSpan answerWithin)
    {
        var profile = TrafficProfile.From(calls, offset);
        var handle = profile.AverageHandleTime(wrapUp);
        var forecast = Forecast(calls, offset, start, days, handle, targetServiceLevel, answerWithin);
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
