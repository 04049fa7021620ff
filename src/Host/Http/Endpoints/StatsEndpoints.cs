using Microsoft.AspNetCore.Builder;
using Middleware.Enrichment.Analytics;
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
