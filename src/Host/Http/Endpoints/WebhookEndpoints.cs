using Middleware.Adapters.Crm.StatusReadBack;

namespace Middleware.Host.Http.Endpoints;

/// <summary>
/// Where CRMs post ticket status changes (<c>crm[].ticket_status.webhook</c>). Not behind the API's
/// credentials: a CRM proves itself with the body's HMAC signature, which the webhook checks.
/// </summary>
public static class WebhookEndpoints
{
    public static void Map(IEndpointRouteBuilder app, MiddlewareRuntime runtime)
    {
        app.MapPost("/hooks/crm/{name}/ticket-status", async (string name, HttpRequest request, CancellationToken ct) =>
        {
            if (runtime.Sources.OfType<TicketStatusWebhook>().FirstOrDefault(w => w.Name == name) is not { } webhook)
            {
                return Results.NotFound(new { error = $"no CRM '{name}' with ticket_status.webhook configured" });
            }

            if (await ReadBodyAsync(request, webhook.MaxBodyBytes, ct) is not { } body)
            {
                return Results.Json(new { error = $"body longer than {webhook.MaxBodyBytes} bytes (ticket_status.webhook.max_body_bytes)" }, statusCode: 413);
            }

            var reply = await webhook.ReceiveAsync(body, request.Headers[webhook.SignatureHeader].FirstOrDefault(), ct);
            return reply.Status == 200
                ? Results.Ok(new { message = reply.Message, changes = reply.Changes })
                : Results.Json(new { error = reply.Message }, statusCode: reply.Status);
        }).WithSummary("A CRM's changed tickets (signed with the shared secret): status changes of the middleware's tickets are journaled before the 200");
    }

    /// <summary>The whole body, or null when it is longer than <paramref name="max"/> (never buffered past it).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int max, CancellationToken ct)
    {
        if (request.ContentLength > max)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
