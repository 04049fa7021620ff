using Middleware.Host.Http.Streaming;

namespace Middleware.Host.Http.Endpoints;

/// <summary>What is happening now: calls, queues, agents, and a call's full journal timeline.</summary>
public static class LiveStateEndpoints
{
    public static void Map(RouteGroupBuilder api, MiddlewareRuntime runtime)
    {
        api.MapGet("/calls", (bool? ended) => ended == true
                ? runtime.State.Calls(includeEnded: true).Where(c => c.EndedAt is not null).ToList()
                : runtime.State.Calls())
            .WithSummary("Live calls (with legs, parties, queue, agent, transcript so far, emotion, hints); ?ended=true lists the recently ended ones instead");

        api.MapGet("/calls/{id}", (string id) => runtime.State.GetCall(id) is { } call ? Results.Ok(call) : Results.NotFound(new { error = $"no live call {id}" }))
            .WithSummary("One call's live state");

        api.MapGet("/calls/{id}/timeline", async (string id, CancellationToken ct) =>
        {
            var events = new List<EventView>();
            await foreach (var entry in runtime.Journal.ReadCallAsync(id, ct))
            {
                events.Add(ApiJson.View(entry.Envelope, entry.Position));
            }

            return events.Count == 0 ? Results.NotFound(new { error = $"no events for call {id}" }) : Results.Ok(events);
        }).WithSummary("Every journaled event of a call, in order, decisions included");

        api.MapGet("/queues", () => runtime.State.Queues()).WithSummary("Queues: waiting, longest wait, service level, members, idle members");
        api.MapGet("/agents", (string? queue) => runtime.State.Agents(queue)).WithSummary("Agents: state, current call, handled today");
        api.MapGet("/campaigns", async (CancellationToken ct) =>
        {
            var campaigns = new List<object>();
            foreach (var status in runtime.Campaigns?.Desk.Status() ?? [])
            {
                var (nextStart, nextStop) = await runtime.Campaigns!.NextAsync(status.Name, ct);
                campaigns.Add(new { status.Name, status.Pacing, status.State, status.Since, status.Detail, status.ToDial, status.InFlight, status.Figures, nextStart, nextStop });
            }

            return campaigns;
        }).WithSummary("The scheduled campaigns (dialer.campaigns): state, since when, figures of the current or last run, next start and stop");
        api.MapGet("/board", () => LiveBroadcaster.Board(runtime.State)).WithSummary("Queues and agents at once (what the dashboard's board shows)");
    }
}
