using Microsoft.AspNetCore.Builder;
using Middleware.Host.Analytics;
using Middleware.Host.Hosting;

namespace Middleware.Host.Http.Endpoints;

/// <summary>Today's figures for the dashboard's charts.</summary>
public static class StatsEndpoints
{
    public static void Map(RouteGroupBuilder api, MiddlewareRuntime runtime, TimeProvider time)
    {
        api.MapGet("/stats/today", async (int? tzOffsetMinutes, CancellationToken ct) =>
        {
            var offset = TimeSpan.FromMinutes(Math.Clamp(tzOffsetMinutes ?? 0, -14 * 60, 14 * 60));
            var now = time.GetUtcNow().ToOffset(offset);
            var midnight = new DateTimeOffset(now.Date, offset);
            var calls = await JournalScan.CallsAsync(runtime.Journal, midnight, midnight.AddDays(1), ct);
            return TodayStats.From(calls, offset);
        }).WithSummary("Today by hour (in the caller's time zone): volume, average speed of answer, abandon rate; top call reasons");
    }
}

public sealed record TodayStats(int[] Volume, double?[] AverageSpeedOfAnswer, double?[] AbandonRate, IReadOnlyList<ReasonCount> TopReasons, int Calls, int Answered, int Abandoned)
{
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

        // The reason a call came in: its detected intent/category, else the queue it asked for.
        var reasons = calls.GroupBy(c => c.Category ?? c.Queue ?? "other")
            .Select(g => new ReasonCount(g.Key, g.Count()))
            .OrderByDescending(r => r.Count).ThenBy(r => r.Reason, StringComparer.Ordinal).Take(8).ToList();
        return new TodayStats(volume, asa, abandon, reasons, calls.Count, calls.Count(c => c.Answered), calls.Count(c => c.Abandoned));
    }
}

public sealed record ReasonCount(string Reason, int Count);
