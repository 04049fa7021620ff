using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Middleware.Adapters.Crm.Configuration;

namespace Middleware.Adapters.Crm.StatusReadBack;

/// <summary>What the webhook answers the CRM: an HTTP status and one line saying why.</summary>
public sealed record WebhookReply(int Status, string Message, int Changes = 0);

/// <summary>
/// Ticket status changes a CRM posts (<c>crm[].ticket_status.webhook</c>), the push twin of
/// <see cref="TicketStatusPoller"/>: the body is the CRM's changed tickets (one or a list) in
/// list_changed_tickets' fields, signed with HMAC-SHA256 under the shared secret. A change of one
/// of the middleware's tickets is published as a <see cref="TicketStatusChanged"/> (via
/// "crm-webhook") and journaled before the CRM gets its 200, so a CRM that retries until it has
/// one loses nothing. The same book as the poller's weighs every ticket and updated_at once, so a
/// retried delivery, or a change the poller saw first, is not told twice. An unsigned or forged body
/// is refused (401) before it is parsed; a body the fields do not read is a 400 naming the item.
/// </summary>
public sealed class TicketStatusWebhook : IEventSource
{
    public const string Via = "crm-webhook";

    private readonly CrmClient _crm;
    private readonly TicketStatusBook _book;
    private readonly TicketStatusWebhookOptions _options;
    private readonly EventFactory _factory;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1); // the book weighs deliveries in order
    private IEventPublisher? _publisher;
    private long _deliveries;
    private long _refused;
    private long _emitted;
    private string? _lastError;

    public TicketStatusWebhook(CrmClient crm, TicketStatusBook book, TicketStatusWebhookOptions options, EventFactory factory)
    {
        if (!options.Enabled)
        {
            throw new ArgumentException($"crm {crm.Name}: ticket_status.webhook.secret must be set for the webhook", nameof(options));
        }

        (_crm, _book, _options, _factory) = (crm, book, options, factory);
    }

    public string Name => _crm.Name;

    public string Protocol => Via;

    /// <summary>Where the CRM posts, on the ops console.</summary>
    public string Path => $"/hooks/crm/{Uri.EscapeDataString(_crm.Name)}/ticket-status";

    public string SignatureHeader => _options.SignatureHeader;

    public int MaxBodyBytes => _options.MaxBodyBytes;

    public SourceHealth Health => new(_publisher is not null,
        $"{Interlocked.Read(ref _deliveries)} delivery(ies) at {Path}, {Interlocked.Read(ref _emitted)} status change(s), {Interlocked.Read(ref _refused)} refused, {_book.Count} ticket(s) followed",
        _lastError)
    { Received = Interlocked.Read(ref _deliveries), Rejected = Interlocked.Read(ref _refused) };

    public Task StartAsync(IEventPublisher publisher, CancellationToken cancellationToken)
    {
        _publisher = publisher;
        return Task.CompletedTask;
    }

    /// <summary>One delivery: checked, read, and its changes journaled before the reply. Never throws but for a stop.</summary>
    public async Task<WebhookReply> ReceiveAsync(ReadOnlyMemory<byte> body, string? signature, CancellationToken cancellationToken)
    {
        if (_publisher is not { } publisher)
        {
            return new WebhookReply(503, "the middleware is not taking ticket changes yet");
        }

        if (!SignedBySecret(body.Span, signature))
        {
            return Refuse(401, signature is null ? $"no {_options.SignatureHeader} header" : $"{_options.SignatureHeader} is not sha256=HMAC-SHA256 of the body under the shared secret");
        }

        IReadOnlyList<CrmTicketChange> posted;
        try
        {
            posted = _crm.TicketChangesOf(JsonNode.Parse(body.Span), "webhook");
        }
        catch (System.Text.Json.JsonException ex)
        {
            return Refuse(400, $"body is not JSON: {ex.Message}");
        }
        catch (CrmRejectedException ex)
        {
            return Refuse(400, ex.Message);
        }

        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var told = await _book.TellAsync(posted, Via, Name, _factory, publisher, cancellationToken).ConfigureAwait(false); // journaled when this returns
            Interlocked.Add(ref _emitted, told);

            Interlocked.Increment(ref _deliveries);
            _lastError = null;
            return new WebhookReply(200, $"{posted.Count} ticket(s) read, {told} status change(s) journaled", told);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private bool SignedBySecret(ReadOnlySpan<byte> body, string? signature)
    {
        const string Prefix = "sha256=";
        if (signature is null || !signature.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || signature.Length != Prefix.Length + 64)
        {
            return false;
        }

        Span<byte> claimed = stackalloc byte[32];
        if (Convert.FromHexString(signature.AsSpan(Prefix.Length), claimed, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[32];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(_options.Secret!), body, actual);
        return CryptographicOperations.FixedTimeEquals(actual, claimed); // no timing hint of how much of a forgery matched
    }

    private WebhookReply Refuse(int status, string why)
    {
        Interlocked.Increment(ref _refused);
        _lastError = why;
        return new WebhookReply(status, why);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _publisher = null; // a delivery from now on is a 503: the CRM tries again, the poller (if any) catches up
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _publisher = null;
        return ValueTask.CompletedTask;
    }
}
