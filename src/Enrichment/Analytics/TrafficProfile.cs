namespace Middleware.Enrichment.Analytics;

/// <summary>Calls, waits and abandons per weekday and hour, over the days the journal covers.</summary>
public sealed class TrafficProfile
{
    private TrafficProfile(IReadOnlyList<CallRecord> calls, TimeSpan offset)
    {
        Calls = calls;
        Offset = offset;
        foreach (var c in calls)
        {
            var local = c.StartedAt.ToOffset(offset);
            var cell = Cells[(int)local.DayOfWeek, local.Hour] ??= new Cell();
            cell.Calls++;
            cell.Abandoned += c.Abandoned ? 1 : 0;
            if (c.Answered && c.WaitSeconds is { } wait)
            {
                cell.Answered++;
                cell.WaitSum += wait;
            }

            DayTotals[DateOnly.FromDateTime(local.Date)] = DayTotals.GetValueOrDefault(DateOnly.FromDateTime(local.Date)) + 1;
        }

        // How many of each weekday the data covers, so averages are per day, not totals.
        if (calls.Count > 0)
        {
            var first = DateOnly.FromDateTime(calls.Min(c => c.StartedAt).ToOffset(offset).Date);
            var last = DateOnly.FromDateTime(calls.Max(c => c.StartedAt).ToOffset(offset).Date);
            for (var d = first; d <= last; d = d.AddDays(1))
            {
                WeekdayCount[(int)d.DayOfWeek]++;
            }
        }
    }

    public sealed class Cell
    {
        public int Calls { get; set; }

        public int Answered { get; set; }

        public int Abandoned { get; set; }

        public double WaitSum { get; set; }

        public double? AverageWait => Answered == 0 ? null : WaitSum / Answered;
    }

    public IReadOnlyList<CallRecord> Calls { get; }

    public TimeSpan Offset { get; }

    public Cell?[,] Cells { get; } = new Cell?[7, 24];

    public int[] WeekdayCount { get; } = new int[7];

    public SortedDictionary<DateOnly, int> DayTotals { get; } = [];

    public static TrafficProfile From(IReadOnlyList<CallRecord> calls, TimeSpan offset) => new(calls, offset);

    /// <summary>Average calls per day in a weekday's hour.</summary>
    public double AveragePerDay(DayOfWeek day, int hour) =>
        WeekdayCount[(int)day] == 0 ? 0 : (Cells[(int)day, hour]?.Calls ?? 0) / (double)WeekdayCount[(int)day];

    /// <summary>Calls per hour of day, summed over all days.</summary>
    public int[] ByHour() => Enumerable.Range(0, 24).Select(h => Enumerable.Range(0, 7).Sum(d => Cells[d, h]?.Calls ?? 0)).ToArray();

    /// <summary>Average speed of answer (seconds) of answered calls per hour of day, over all days; 0 where none was answered.</summary>
    public double[] AverageSpeedOfAnswerByHour() => Enumerable.Range(0, 24).Select(h =>
    {
        var cells = Enumerable.Range(0, 7).Select(d => Cells[d, h]).OfType<Cell>().ToList();
        var answered = cells.Sum(c => c.Answered);
        return answered == 0 ? 0 : cells.Sum(c => c.WaitSum) / answered;
    }).ToArray();

    /// <summary>Hours whose volume stands out: above the mean plus one standard deviation of the hours with calls.</summary>
    public IReadOnlyList<int> PeakHours() => PeakHours(ByHour());

    /// <inheritdoc cref="PeakHours()"/>
    public static IReadOnlyList<int> PeakHours(int[] byHour)
    {
        var busy = byHour.Where(v => v > 0).Select(v => (double)v).ToList();
        if (busy.Count < 3)
        {
            return [];
        }

        var mean = busy.Average();
        var sd = Math.Sqrt(busy.Sum(v => (v - mean) * (v - mean)) / busy.Count);
        return Enumerable.Range(0, 24).Where(h => byHour[h] > mean + sd).ToList();
    }

    /// <summary>Average talk time of answered calls, the handle time staffing needs.</summary>
    public TimeSpan AverageHandleTime(TimeSpan wrapUp)
    {
        var talks = Calls.Where(c => c.Answered && c.TalkSeconds is > 0).Select(c => c.TalkSeconds!.Value).ToList();
        return TimeSpan.FromSeconds((talks.Count == 0 ? 180 : talks.Average()) + wrapUp.TotalSeconds);
    }
}
