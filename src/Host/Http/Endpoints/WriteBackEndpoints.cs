using Middleware.Host.Http.Auth;

namespace Middleware.Host.Http.Endpoints;

/// <summary>The write-back mode and allow-list; switching the mode is authenticated and journaled.</summary>
public static class WriteBackEndpoints
{
    public sealed record ModeChange(string Mode, string? Reason);

    public static void Map(RouteGroupBuilder api, MiddlewareRuntime runtime)
    {
        api.MapGet("/write-back", () => new
        {
            mode = runtime.Gate.Mode,
            allow = runtime.Gate.AllowList,
            targets = runtime.Gate.TargetHealth.Select(t => t.Snapshot()).Select(t => new
            {
                name = t.Target, healthy = t.Healthy, pending = t.Pending, failedAttempts = t.FailedAttempts,
                lastError = t.LastError, lastErrorAt = t.LastErrorAt, lastSuccessAt = t.LastSuccessAt, nextRetryAt = t.NextRetryAt,
            }),
            counts = runtime.Gate.Outcomes.Select(o => new { o.Key.Target, o.Key.Action, o.Key.Outcome, count = o.Value }),
        }).WithSummary("Current mode (observe, assist, act), allow-list per target, each target's health (pending, last error, next retry), outcomes so far");

        api.MapPut("/write-back/mode", async (ModeChange change, HttpContext context, CancellationToken ct) =>
        {
            if (!Enum.TryParse<WriteBackMode>(change.Mode, ignoreCase: true, out var mode) || !Enum.IsDefined(mode))
            {
                return Results.BadRequest(new { error = "mode must be observe, assist or act" });
            }

            var by = context.Principal() + (string.IsNullOrWhiteSpace(change.Reason) ? "" : $" ({change.Reason})");
            await runtime.Gate.SetModeAsync(mode, "api:" + by, ct);
            return Results.Ok(new { mode = runtime.Gate.Mode, changedBy = by });
        }).WithSummary("Switch the write-back mode; the switch is journaled with who made it");
    }
}
