using Middleware.Enrichment.Ivr;

namespace Middleware.Host.Http.Endpoints;

/// <summary>Today's shadow figures: queued calls, those with both a suggestion and a connected agent, agreement and waits.</summary>
public sealed record ShadowToday(int Calls, int Comparable, double? AgentAgreement, double? WaitAgreedSeconds, double? WaitDisagreedSeconds, double? EstimatedWaitGain, int TicketsHeldBack, int QaFindings);

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
            var events = await JournalScan.EventsAsync(runtime.Journal, midnight, midnight.AddDays(1), ct);
            var today = events.Where(e => e.OccurredAt >= midnight && e.OccurredAt < midnight.AddDays(1)).Select(e => e.Payload);
            return TodayStats.From(CallRecords.Fold(events, midnight, midnight.AddDays(1)), offset) with { Ivr = ContainmentRate.From(today) };
        }).WithSummary("Today by hour (in the caller's time zone): volume, average speed of answer, abandon rate; top call reasons; IVR containment");

        api.MapGet("/stats/shadow", async (int? tzOffsetMinutes, CancellationToken ct) =>
        {
            var offset = TimeSpan.FromMinutes(Math.Clamp(tzOffsetMinutes ?? 0, -14 * 60, 14 * 60));
            var midnight = new DateTimeOffset(time.GetUtcNow().ToOffset(offset).Date, offset);
            var events = await JournalScan.EventsAsync(runtime.Journal, midnight, midnight.AddDays(1), ct);
            var shadow = ShadowComparison.Build(events, TimeSpan.FromDays(7), midnight, midnight.AddDays(1));
            var gain = shadow.Agreed.MeanWaitSeconds is { } agreed && shadow.Disagreed.MeanWaitSeconds is { } disagreed && disagreed > 0 ? (disagreed - agreed) / disagreed : (double?)null;
            return new ShadowToday(shadow.Calls.Count, shadow.Agreed.Calls + shadow.Disagreed.Calls, shadow.AgentAgreement,
                shadow.Agreed.MeanWaitSeconds, shadow.Disagreed.MeanWaitSeconds, gain, shadow.TicketsDrafted, shadow.QaFindings);
        }).WithSummary("Today's shadow comparison: how often the ACD connected the agent the hint suggested, waits where it did and did not, the estimated gain (observational)");
    }
}
