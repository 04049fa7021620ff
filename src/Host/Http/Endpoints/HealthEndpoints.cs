using Middleware.Host.Http.Auth;
using Middleware.Host.Http.Metrics;
using Prometheus;

namespace Middleware.Host.Http.Endpoints;

/// <summary>Liveness, readiness per component, and Prometheus metrics; open to the configured networks.</summary>
public static class HealthEndpoints
{
    public static void Map(WebApplication app, MiddlewareRuntime runtime, ApiAuthenticator auth, MiddlewareMetrics metrics)
    {
        app.MapGet("/health/live", () => Results.Ok(new { status = "live" })).RequireOpenAddress(auth).WithSummary("The process answers");

        app.MapGet("/health/ready", () =>
        {
            var components = runtime.Health().Select(h => new { component = h.Component, healthy = h.Healthy, detail = h.Detail }).ToList();
            var ready = components.All(c => c.healthy);
            return Results.Json(new { status = ready ? "ready" : "not ready", components }, statusCode: ready ? 200 : 503);
        }).RequireOpenAddress(auth).WithSummary("Ready when the journal accepts writes and every adapter is connected (503 otherwise)");

        app.MapGet("/metrics", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await metrics.Registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
        }).RequireOpenAddress(auth).WithSummary("Prometheus text format");
    }
}
