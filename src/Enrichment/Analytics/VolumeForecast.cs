namespace Middleware.Enrichment.Analytics;

/// <summary>One hour ahead: calls expected, agents needed for the target, and the service level that staffing gives.</summary>
public sealed record HourForecast(DateTimeOffset Hour, double Calls, int AgentsNeeded, double ServiceLevelAtThatStaffing);

/// <summary>
/// Calls expected per hour over the coming days, from the journal's weekly pattern (recent weeks
/// weigh more), and the agents each hour needs for a service level target (Erlang C).
/// </summary>
public static class VolumeForecast
{
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
}
