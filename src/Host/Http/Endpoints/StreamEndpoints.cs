using Middleware.Host.Http.Streaming;

namespace Middleware.Host.Http.Endpoints;

/// <summary>Server-sent events for the dashboard: call changes as they happen, the queue board every second.</summary>
public static class StreamEndpoints
{
    public static IEndpointConventionBuilder Map(RouteGroupBuilder api, LiveBroadcaster broadcaster) =>
        api.MapGet("/stream", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            context.Response.Headers["X-Accel-Buffering"] = "no";
            var (id, reader) = broadcaster.Subscribe();
            try
            {
                await context.Response.WriteAsync(": connected\n\n", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                using var keepalive = new PeriodicTimer(TimeSpan.FromSeconds(15));
                var tick = keepalive.WaitForNextTickAsync(context.RequestAborted).AsTask();
                while (!context.RequestAborted.IsCancellationRequested)
                {
                    var next = reader.WaitToReadAsync(context.RequestAborted).AsTask();
                    if (await Task.WhenAny(next, tick) == tick)
                    {
                        await context.Response.WriteAsync(": keepalive\n\n", context.RequestAborted);
                        tick = keepalive.WaitForNextTickAsync(context.RequestAborted).AsTask();
                    }
                    else if (!await next)
                    {
                        break;
                    }

                    while (reader.TryRead(out var frame))
                    {
                        await context.Response.WriteAsync(frame, context.RequestAborted);
                    }

                    await context.Response.Body.FlushAsync(context.RequestAborted);
                }
            }
            catch (OperationCanceledException)
            {
                // The browser went away.
            }
            finally
            {
                broadcaster.Unsubscribe(id);
            }
        }).WithSummary("text/event-stream of 'call', 'event' and 'board' messages; EventSource may pass ?access_token=");
}
