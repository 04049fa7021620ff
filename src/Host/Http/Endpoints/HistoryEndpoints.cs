using Middleware.Core.Numbers;

namespace Middleware.Host.Http.Endpoints;

/// <summary>Looking back: calls by number, time range, category and emotion; decisions taken.</summary>
public static class HistoryEndpoints
{
    public static void Map(RouteGroupBuilder api, MiddlewareRuntime runtime, TimeProvider time)
    {
        api.MapGet("/history", async (string? number, DateTimeOffset? from, DateTimeOffset? to, string? category, string? emotion, int? limit, CancellationToken ct) =>
        {
            // Default: the last day, with an hour's margin for a PBX clock running ahead of ours.
            var until = to ?? time.GetUtcNow().AddHours(1);
            var since = from ?? until.AddDays(-1).AddHours(-1);
            if (since >= until)
            {
                return Results.BadRequest(new { error = "'from' must be before 'to'" });
            }

            var calls = await JournalScan.CallsAsync(runtime.Journal, since, until, ct);
            var found = calls
                .Where(c => number is null || PhoneNumber.Same(c.CallerNumber, number))
                .Where(c => category is null || string.Equals(c.Category, category, StringComparison.OrdinalIgnoreCase))
                .Where(c => emotion is null || string.Equals(c.Emotion, emotion, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(c => c.StartedAt)
                .Take(Math.Clamp(limit ?? 100, 1, 1000))
                .ToList();
            return Results.Ok(found);
        }).WithSummary("Calls that started in [from, to) (default: the last 24 h), filtered by caller number (any format), category, emotion");

        api.MapGet("/decisions", async (string? type, DateTimeOffset? from, DateTimeOffset? to, int? limit, CancellationToken ct) =>
        {
            Func<CallCenterEvent, bool>? wanted = (type ?? "all").ToLowerInvariant() switch
            {
                "all" => p => p.IsDecision,
                "hints" => p => p is RoutingHint,
                // Drafts, the CRM's id for each (CreateTicket outcomes) and status changes: a panel folds them into each ticket's current status.
                "tickets" => p => p is TicketDraft or WriteBackCompleted { Action: "CreateTicket" } or TicketStatusChanged,
                "qa" => p => p is QaFinding,
                "campaigns" => p => p is CampaignStateChanged, // started, stopped, finished, failed: alerts the panel reloads
                "write-backs" => p => p is WriteBackRequested or WriteBackOutcome,
                _ => null,
            };
            if (wanted is null)
            {
                return Results.BadRequest(new { error = "type must be one of all, hints, tickets, qa, campaigns, write-backs" });
            }

            var until = to ?? time.GetUtcNow().AddHours(1);
            var views = new List<EventView>();
            await foreach (var entry in runtime.Journal.ReadRangeAsync(from ?? until.AddDays(-1).AddHours(-1), until, ct))
            {
                if (wanted(entry.Envelope.Payload))
                {
                    views.Add(ApiJson.View(entry.Envelope, entry.Position));
                }
            }

            return Results.Ok(views.OrderByDescending(v => v.Position).Take(Math.Clamp(limit ?? 200, 1, 5000)));
        }).WithSummary("Routing hints, tickets (drafts, CRM ids, status changes), QA findings, campaign starts and stops, and write-back outcomes, newest first");
    }
}
