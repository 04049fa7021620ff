namespace Middleware.Host.Reports;

/// <summary>Volume and waits by hour and weekday, with the peak hours called out.</summary>
public static class TrendReport
{
    private static readonly string[] Days = ["Sun 日", "Mon 一", "Tue 二", "Wed 三", "Thu 四", "Fri 五", "Sat 六"];

    public static ReportDocument Build(IReadOnlyList<CallRecord> calls, TimeSpan offset, DateTimeOffset from, DateTimeOffset to)
    {
        var profile = TrafficProfile.From(calls, offset);
        var report = new ReportDocument("Call trends · 话务趋势", $"{calls.Count} calls from {from.ToOffset(offset):yyyy-MM-dd} to {to.ToOffset(offset):yyyy-MM-dd} (UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset:hh\\:mm})");
        var byHour = profile.ByHour();
        var days = Math.Max(1, profile.DayTotals.Count);
        var peaks = TrafficProfile.PeakHours(byHour);
        var labels = Enumerable.Range(0, 24).Select(h => h.ToString(CultureInfo.InvariantCulture)).ToList();
        report.Sections.Add(new ReportSection(
            "Calls per hour of day (average per day) · 每小时平均来电",
            peaks.Count == 0 ? "No hour stands out." : $"Peak hours (above mean + 1σ): {string.Join(", ", peaks.Select(h => $"{h}:00–{h + 1}:00"))}.",
            SvgChart.Bars(labels, byHour.Select(v => v / (double)days).ToList(), highlight: peaks.ToHashSet())));

        var grid = new double[7, 24];
        for (var d = 0; d < 7; d++)
        {
            for (var h = 0; h < 24; h++)
            {
                grid[d, h] = profile.AveragePerDay((DayOfWeek)d, h);
            }
        }

        report.Sections.Add(new ReportSection("Weekday × hour (average calls) · 星期 × 小时", Svg: SvgChart.Heatmap(Days, grid)));

        var waits = profile.AverageSpeedOfAnswerByHour();
        report.Sections.Add(new ReportSection("Average speed of answer by hour (s) · 平均应答时间", Svg: SvgChart.Bars(labels, waits, "#2a9d58")));

        report.Sections.Add(new ReportSection("Daily totals · 每日来电", Svg: SvgChart.Bars(
            profile.DayTotals.Keys.Select(d => d.ToString("MM-dd", CultureInfo.InvariantCulture)).ToList(),
            profile.DayTotals.Values.Select(v => (double)v).ToList())));

        report.Csv.Add(["weekday", "hour", "calls", "calls_per_day", "answered", "abandoned", "avg_wait_seconds", "peak_hour"]);
        var rows = new List<string[]>();
        for (var d = 0; d < 7; d++)
        {
            for (var h = 0; h < 24; h++)
            {
                var cell = profile.Cells[d, h];
                if (cell is null)
                {
                    continue;
                }

                var row = new[]
                {
                    ((DayOfWeek)d).ToString(), h.ToString(CultureInfo.InvariantCulture), cell.Calls.ToString(CultureInfo.InvariantCulture),
                    profile.AveragePerDay((DayOfWeek)d, h).ToString("0.00", CultureInfo.InvariantCulture), cell.Answered.ToString(CultureInfo.InvariantCulture),
                    cell.Abandoned.ToString(CultureInfo.InvariantCulture), cell.AverageWait?.ToString("0.0", CultureInfo.InvariantCulture) ?? "",
                    peaks.Contains(h) ? "yes" : "no",
                };
                report.Csv.Add(row);
                rows.Add(row);
            }
        }

        report.Sections.Add(new ReportSection("Busiest weekday hours · 最忙时段", TableHeader: ["weekday", "hour", "calls", "per day", "answered", "abandoned", "avg wait s", "peak hour"],
            TableRows: rows.OrderByDescending(r => double.Parse(r[3], CultureInfo.InvariantCulture)).Take(10).ToList()));
        return report;
    }
}
