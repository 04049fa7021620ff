namespace Middleware.SampleCrm.Faults;

/// <summary>Applies the fault switches to /api and /crm2 requests (never to /admin).</summary>
public sealed class FaultMiddleware(RequestDelegate next, FaultSwitches faults, RequestLog log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/admin"))
        {
            await next(context);
            return;
        }

        try
        {
            await FaultyAsync(context);
        }
        finally
        {
            log.Add(context.Request.Method, context.Request.Path.Value ?? "", context.Response.StatusCode);
        }
    }

    private async Task FaultyAsync(HttpContext context)
    {
        if (faults.LatencyMs > 0)
        {
            await Task.Delay(faults.LatencyMs, context.RequestAborted);
        }

        lock (faults)
        {
            if (faults.RateLimitNext > 0)
            {
                faults.RateLimitNext--;
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = faults.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return;
            }
        }

        if (faults.ErrorRate > 0 && Random.Shared.NextDouble() < faults.ErrorRate)
        {
            context.Response.StatusCode = faults.ErrorStatus;
            await context.Response.WriteAsync("injected fault", context.RequestAborted);
            return;
        }

        if (faults.SlowBodyMs <= 0)
        {
            await next(context);
            return;
        }

        // Let the endpoint write into a buffer, then trickle it out.
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        await next(context);
        context.Response.Body = original;
        var bytes = buffer.ToArray();
        var chunk = Math.Max(1, bytes.Length / 10);
        for (var i = 0; i < bytes.Length; i += chunk)
        {
            await original.WriteAsync(bytes.AsMemory(i, Math.Min(chunk, bytes.Length - i)), context.RequestAborted);
            await original.FlushAsync(context.RequestAborted);
            await Task.Delay(faults.SlowBodyMs / 10, context.RequestAborted);
        }
    }
}
