using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Core.Events;
using Middleware.Host.Configuration;
using Middleware.Host.Hosting;
using Middleware.Host.Http;
using Middleware.Host.Http.Streaming;
using Middleware.Host.Tests.Crm;
using Middleware.SampleCrm;
using Middleware.SampleCrm.Api;
using Middleware.TestSupport;
using static Middleware.Host.Tests.Ticketing.TicketStatusCrmTests;

namespace Middleware.Host.Tests.Ticketing;

/// <summary>
/// The push path: the real sample CRM posts a resolved ticket to the ops console's webhook, signed; the
/// change is journaled once (also when delivered again), and forged, unsigned or unreadable posts are refused.
/// </summary>
public sealed class TicketStatusWebhookTests : SampleCrmRuntime
{
    private const string Secret = "webhook-secret-0123456789";

    private static string Sign(byte[] body, string secret = Secret) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), body));

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string path, string json, string? signature)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(json);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        if (signature is not null)
        {
            request.Headers.Add("X-Signature-256", signature == "sign" ? Sign(body) : signature);
        }

        return await http.SendAsync(request);
    }

    [Fact]
    public async Task A_ticket_resolved_in_the_CRM_is_posted_signed_and_journaled_once_and_forgeries_are_refused()
    {
        var config = Config(Dir.File("webhook.db"), RefundTicketing);
        config.Crm[0].CacheTtl = TimeSpan.Zero;
        config.Crm[0].TicketStatus.PollInterval = TimeSpan.Zero; // the webhook alone
        config.Crm[0].TicketStatus.Webhook.Secret = Secret;
        var http = new HttpOptions { Address = "http://127.0.0.1:0", ApiKeys = [new ApiCredential { Name = "ops", Secret = "ops-key-0123456789abcdef" }] };
        var broadcaster = new LiveBroadcaster();
        await using var runtime = await MiddlewareRuntime.StartAsync(config, NullLoggerFactory.Instance, sinks: [broadcaster]);
        await using var console = await ApiServer.StartAsync(runtime, broadcaster, http, NullLoggerFactory.Instance);
        Assert.DoesNotContain(runtime.Sources, s => s.Protocol == "crm-poll");
        var path = "/hooks/crm/sample-crm/ticket-status";
        Crm.Webhook.FirstRetryDelay = TimeSpan.FromMilliseconds(100);
        Crm.Webhook.Configure(new TicketWebhook.Settings(new Uri(console.Address, path).ToString(), Secret));

        await CallAsync(runtime, "pbx:refund", "13900139001");
        var ticket = await TicketOfAsync(runtime.Journal, "pbx:refund");
        using var crmApi = new HttpClient { BaseAddress = Crm.Address };
        crmApi.DefaultRequestHeaders.Add("X-Crm-Key", SampleCrmServer.DefaultApiKey);
        (await crmApi.PatchAsJsonAsync($"api/tickets/{ticket}", new { status = "resolved" })).EnsureSuccessStatusCode();

        await Eventually.True(() => JournaledAsync(runtime.Journal).Result.Any(e => e.Payload is TicketStatusChanged), "the posted change journaled", TimeSpan.FromMinutes(1),
            state: () => string.Join(", ", Crm.Webhook.Deliveries));
        await Eventually.True(() => Crm.Webhook.Deliveries.Count > 0, "the CRM's delivery recorded (after the middleware's answer)", TimeSpan.FromMinutes(1));
        Assert.Equal(200, Assert.Single(Crm.Webhook.Deliveries).HttpStatus); // the API key guards /api, not the hook: the signature does

        using var client = new HttpClient { BaseAddress = console.Address };
        var sent = System.Text.Json.JsonSerializer.Serialize(Crm.Store.Ticket(long.Parse(ticket))!, System.Text.Json.JsonSerializerOptions.Web);
        var again = await PostAsync(client, path, sent, "sign"); // the CRM delivering again
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("0 status change(s)", await again.Content.ReadAsStringAsync());

        var forged = await PostAsync(client, path, sent.Replace("resolved", "open", StringComparison.Ordinal), Sign(System.Text.Encoding.UTF8.GetBytes(sent)));
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        var wrongKey = await PostAsync(client, path, sent, Sign(System.Text.Encoding.UTF8.GetBytes(sent), "another-secret-0123456789"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        var unsigned = await PostAsync(client, path, sent, null);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Contains("no X-Signature-256 header", await unsigned.Content.ReadAsStringAsync());
        var unreadable = await PostAsync(client, path, """[{"id": 7, "updatedAt": "2026-12-01T10:00:00Z"}]""", "sign");
        Assert.Equal(HttpStatusCode.BadRequest, unreadable.StatusCode);
        Assert.Contains("webhook item 0 (ticket 7): no status where fields.status", await unreadable.Content.ReadAsStringAsync());
        var notJson = await PostAsync(client, path, "{\"id\": 7,", "sign");
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(client, "/hooks/crm/erp/ticket-status", sent, "sign")).StatusCode);

        var change = Assert.Single(await JournaledAsync(runtime.Journal), e => e.Payload is TicketStatusChanged);
        Assert.Equal(("pbx:refund", ticket, "resolved", "open", "crm-webhook"), change.Payload is TicketStatusChanged s ? (change.CallId, s.TicketId, s.Status, s.PreviousStatus, s.Via) : default);
        var health = runtime.Sources.Single(s => s.Protocol == "crm-webhook").Health;
        Assert.Equal((2L, 5L), (health.Received, health.Rejected));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode); // refusals are the sender's fault, not the middleware's
    }
}
