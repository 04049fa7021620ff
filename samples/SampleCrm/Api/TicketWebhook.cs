using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Middleware.SampleCrm.Data;

namespace Middleware.SampleCrm.Api;

/// <summary>
/// The sample CRM's outgoing webhook, as CRMs have them: after a ticket's status changes (either API)
/// it POSTs the ticket, in the native API's shape, to the configured URL, signed
/// <c>X-Signature-256: sha256=</c>HMAC-SHA256(secret, body) in hex. A delivery that does not get a 2xx
/// is tried again with back-off, five times in all; each attempt is recorded (GET /admin/webhook).
/// Set with <c>POST /admin/webhook {"url": …, "secret": …}</c>; a null url switches it off.
/// </summary>
public sealed class TicketWebhook : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly List<Delivery> _deliveries = [];
    private readonly Lock _lock = new();
    private Settings _settings = new(null, null);

    public sealed record Settings(string? Url, string? Secret);

    /// <summary>One attempt: the ticket and status sent, the answer (0: no answer), which attempt.</summary>
    public sealed record Delivery(long TicketId, string Status, int HttpStatus, int Attempt);

    /// <summary>Between attempts; the tests shorten it.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public Settings Current => _settings;

    public IReadOnlyList<Delivery> Deliveries
    {
        get
        {
            lock (_lock)
            {
                return [.. _deliveries];
            }
        }
    }

    public void Configure(Settings settings) => _settings = settings;

    /// <summary>Sends in the background: the status change's own answer does not wait for the receiver.</summary>
    public void Changed(Ticket ticket)
    {
        if (_settings is { Url: { } url, Secret: { } secret })
        {
            _ = Task.Run(() => DeliverAsync(ticket, new Uri(url), secret));
        }
    }

    private async Task DeliverAsync(Ticket ticket, Uri url, string secret)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(ticket, JsonSerializerOptions.Web);
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), body));
        var delay = FirstRetryDelay;
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var status = 0;
            try
            {
                using var content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
                request.Headers.Add("X-Signature-256", signature);
                using var response = await _http.SendAsync(request);
                status = (int)response.StatusCode;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            lock (_lock)
            {
                _deliveries.Add(new Delivery(ticket.Id, ticket.Status, status, attempt));
            }

            if (status is >= 200 and < 300)
            {
                return;
            }

            await Task.Delay(delay);
            delay *= 2;
        }
    }

    public void Dispose() => _http.Dispose();
}
