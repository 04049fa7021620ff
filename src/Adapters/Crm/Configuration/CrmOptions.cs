namespace Middleware.Adapters.Crm.Configuration;

/// <summary>
/// One CRM/ERP reached over REST, described entirely in YAML: where it is, how to authenticate,
/// how hard to try, and for each operation the request to make and where the answer's fields are.
/// </summary>
public sealed class CrmOptions
{
    /// <summary>The write-back target name (allow-list key) and the cache's name.</summary>
    [Required]
    [InstanceName]
    public string Name { get; set; } = "crm";

    [Required]
    public Uri? BaseUrl { get; set; }

    public CrmAuthOptions Auth { get; set; } = new();

    /// <summary>Per attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    [Range(0, 20)]
    public int Retries { get; set; } = 3;

    public CircuitBreakerOptions CircuitBreaker { get; set; } = new();

    [Range(1, 1000)]
    public int MaxConcurrency { get; set; } = 16;

    /// <summary>How long customer lookups are remembered.</summary>
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Header carrying each write's idempotency key (the CRM drops repeats).</summary>
    [Required]
    public string IdempotencyHeader { get; set; } = "Idempotency-Key";

    /// <summary>Operation name (find_customer_by_phone, get_customer_profile, create_ticket, update_ticket_status, add_customer_note,
    /// add_ticket_note, get_order_status, get_customer_balance, find_open_tickets, get_ticket, list_changed_tickets) to its mapping.</summary>
    public Dictionary<string, CrmOperation> Operations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Reading the status of the tickets the middleware created back from this CRM.</summary>
    public TicketStatusOptions TicketStatus { get; set; } = new();
}

/// <summary><c>crm[].ticket_status</c>: poll list_changed_tickets and turn status changes into TicketStatusChanged.</summary>
public sealed class TicketStatusOptions
{
    /// <summary>How often the CRM is asked; 0 = no polling.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.Zero;

    /// <summary>The status a ticket has when created, until the CRM says otherwise (the first change is from it).</summary>
    [Required]
    public string InitialStatus { get; set; } = "open";

    /// <summary>How far back the journal's tickets and statuses are read at start, and the first poll's "since".</summary>
    public TimeSpan LookBack { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The CRM posting its ticket changes to the middleware instead of (or as well as) being polled.</summary>
    public TicketStatusWebhookOptions Webhook { get; set; } = new();

    /// <summary>Whether ticket statuses are read back at all: polled, posted, or both.</summary>
    public bool ReadBack => PollInterval > TimeSpan.Zero || Webhook.Enabled;
}

/// <summary>
/// <c>crm[].ticket_status.webhook</c>: <c>POST /hooks/crm/{name}/ticket-status</c> on the ops console takes
/// the CRM's changed tickets (one or a list, in list_changed_tickets' fields), signed with a shared secret.
/// </summary>
public sealed class TicketStatusWebhookOptions
{
    /// <summary>The HMAC-SHA256 key shared with the CRM; the webhook is on when it is set.</summary>
    [Secret]
    public string? Secret { get; set; }

    /// <summary>The header with <c>sha256=</c> and the hex HMAC-SHA256 of the body under the secret (GitHub's form).</summary>
    public string SignatureHeader { get; set; } = "X-Signature-256";

    /// <summary>A larger body is refused (413) unread.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    public bool Enabled => !string.IsNullOrEmpty(Secret);
}

public enum CrmAuthKind { None, ApiKey, Bearer, Basic, Oauth2 }

public sealed class CrmAuthOptions
{
    public CrmAuthKind Kind { get; set; } = CrmAuthKind.None;

    /// <summary>api_key: the header to put the key in.</summary>
    public string Header { get; set; } = "X-Api-Key";

    /// <summary>The API key, bearer token, basic password or OAuth2 client secret.</summary>
    [Secret]
    public string? Secret { get; set; }

    /// <summary>basic: the user name.</summary>
    public string? Username { get; set; }

    /// <summary>oauth2 client credentials: the client id, token endpoint (relative to base_url or absolute) and scope.</summary>
    public string? ClientId { get; set; }

    public string? TokenUrl { get; set; }

    public string? Scope { get; set; }
}

/// <summary>
/// One operation: the HTTP request (placeholders like {phone} filled from the middleware's values)
/// and where each model field is in the JSON answer (dotted paths, [n] for list items).
/// </summary>
public sealed class CrmOperation
{
    [Required]
    public string Method { get; set; } = "GET";

    /// <summary>Relative to base_url, e.g. "api/customers/{customerId}".</summary>
    [Required]
    public string Path { get; set; } = "";

    public Dictionary<string, string> Query { get; set; } = new(StringComparer.Ordinal);

    /// <summary>JSON body: field name to template; a value that is exactly one placeholder keeps its JSON type.</summary>
    public Dictionary<string, string> Body { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Where the result sits in the answer ("" for the whole answer; a list for searches).</summary>
    public string Result { get; set; } = "";

    /// <summary>Model field to path inside the result.</summary>
    public Dictionary<string, string> Fields { get; set; } = new(StringComparer.Ordinal);
}
