using System.Text.Json.Nodes;
using Microsoft.Extensions.Caching.Memory;
using Middleware.Adapters.Crm.Configuration;
using Middleware.Adapters.Crm.Http;
using Middleware.Adapters.Crm.Mapping;
using Refit;

namespace Middleware.Adapters.Crm;

/// <summary>
/// The operations the middleware needs from a CRM/ERP, carried out through the YAML mapping over
/// Refit, behind Microsoft.Extensions.Http.Resilience (concurrency limit, retries with jitter that
/// honour Retry-After, circuit breaker, per-attempt timeout). Customer lookups are cached.
/// </summary>
public sealed class CrmClient : IAsyncDisposable
{
    private readonly CrmOptions _options;
    private readonly ResilientHttpClient _client;
    private readonly ICrmHttp _http;
    private readonly MemoryCache _cache = new(new MemoryCacheOptions());
    private readonly ILogger _logger;

    public CrmClient(CrmOptions options, TimeProvider time, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _client = ResilientHttpClient.Create(options.Name, new HttpResilience(options.MaxConcurrency, options.Retries, options.Timeout, options.CircuitBreaker), time,
            c => c.BaseAddress = options.BaseUrl, () => new CrmAuthHandler(options.Auth, options.BaseUrl!, time));
        _http = RestService.For<ICrmHttp>(_client.Client);
    }

    public string Name => _options.Name;

    public bool Supports(string operation) => _options.Operations.ContainsKey(operation);

    public async Task<CrmCustomer?> FindCustomerByPhoneAsync(string phone, CancellationToken cancellationToken = default)
    {
        if (_cache.TryGetValue(("phone", phone), out CrmCustomer? cached))
        {
            return cached;
        }

        var result = await CallAsync(CrmOperations.FindCustomerByPhone, new() { ["phone"] = phone }, null, cancellationToken).ConfigureAwait(false);
        var first = result is JsonArray list ? list.FirstOrDefault() : result;
        var customer = first is null ? null : Customer(first, CrmOperations.FindCustomerByPhone);
        Remember(("phone", phone), customer);
        return customer;
    }

    public async Task<CrmProfile?> GetCustomerProfileAsync(CrmCustomer customer, CancellationToken cancellationToken = default)
    {
        if (_cache.TryGetValue(("profile", customer.IdText), out CrmProfile? cached))
        {
            return cached;
        }

        var result = await CallAsync(CrmOperations.GetCustomerProfile, new() { ["customerId"] = customer.Id }, null, cancellationToken).ConfigureAwait(false);
        if (result is null)
        {
            return null;
        }

        var fields = _options.Operations[CrmOperations.GetCustomerProfile].Fields;
        var profile = new CrmProfile(
            Customer(result, CrmOperations.GetCustomerProfile),
            Count(result, fields.GetValueOrDefault("open_tickets")),
            Count(result, fields.GetValueOrDefault("recent_orders")));
        Remember(("profile", customer.IdText), profile);
        return profile;
    }

    /// <summary>Creates a ticket once per idempotency key; returns the CRM's ticket id.</summary>
    public async Task<string> CreateTicketAsync(Dictionary<string, JsonNode?> values, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        var result = await CallAsync(CrmOperations.CreateTicket, values, idempotencyKey, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmRejectedException("create_ticket: the CRM answered nothing");
        return Text(JsonPath.Select(result, _options.Operations[CrmOperations.CreateTicket].Fields["id"]))
            ?? throw new CrmRejectedException("create_ticket: no ticket id where fields.id points");
    }

    /// <summary>The customer's open tickets (as the find_open_tickets mapping lists them); empty when the CRM maps no such operation.</summary>
    public async Task<IReadOnlyList<CrmTicket>> FindOpenTicketsAsync(CrmCustomer customer, string? phone, CancellationToken cancellationToken = default)
    {
        if (!Supports(CrmOperations.FindOpenTickets))
        {
            return [];
        }

        var result = await CallAsync(CrmOperations.FindOpenTickets, new() { ["customerId"] = customer.Id.DeepClone(), ["phone"] = phone }, null, cancellationToken).ConfigureAwait(false);
        var fields = _options.Operations[CrmOperations.FindOpenTickets].Fields;
        var items = result is JsonArray list ? list.Where(n => n is not null).Select(n => n!) : result is null ? [] : [result];
        return items.Select(n => new CrmTicket(Field(n, fields, "id") ?? "", Field(n, fields, "category"), Field(n, fields, "status") ?? "open"))
            .Where(t => t.Id.Length > 0 && !IsClosed(t.Status))
            .ToList();
    }

    /// <summary>The ticket's current state; null when the CRM has no such ticket (404).</summary>
    public async Task<CrmTicket?> GetTicketAsync(string ticketId, CancellationToken cancellationToken = default)
    {
        var result = await CallAsync(CrmOperations.GetTicket, new() { ["ticketId"] = ticketId }, null, cancellationToken).ConfigureAwait(false);
        if (result is null)
        {
            return null;
        }

        var fields = _options.Operations[CrmOperations.GetTicket].Fields;
        return new CrmTicket(Field(result, fields, "id") ?? ticketId, Field(result, fields, "category"), Field(result, fields, "status") ?? "unknown");
    }

    /// <summary>
    /// Tickets the CRM created or changed at or after <paramref name="since"/> (list_changed_tickets), oldest change first.
    /// A listed ticket without an id, status or readable updated_at is bad input from the CRM: the error names the field and the ticket.
    /// </summary>
    public async Task<IReadOnlyList<CrmTicketChange>> ListChangedTicketsAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var result = await CallAsync(CrmOperations.ListChangedTickets, new() { ["since"] = since.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) }, null, cancellationToken).ConfigureAwait(false);
        return TicketChangesOf(result, CrmOperations.ListChangedTickets);
    }

    /// <summary>
    /// Ticket changes in a CRM's JSON (one ticket or a list), read with list_changed_tickets' fields (id,
    /// status, updated_at): what the poll lists and what a webhook posts are the CRM's same ticket shape.
    /// </summary>
    /// <param name="what">Where the JSON came from, for the error (list_changed_tickets, webhook).</param>
    public IReadOnlyList<CrmTicketChange> TicketChangesOf(JsonNode? result, string what)
    {
        var fields = _options.Operations[CrmOperations.ListChangedTickets].Fields;
        var items = result is JsonArray list ? list.Where(n => n is not null).Select(n => n!) : result is null or JsonObject { Count: 0 } ? [] : [result];
        var changes = new List<CrmTicketChange>();
        var index = 0;
        foreach (var item in items)
        {
            var at = $"{what} item {index++}";
            var id = Field(item, fields, "id") ?? throw new CrmRejectedException($"{at}: no ticket id where fields.id ({fields["id"]}) points");
            var status = Field(item, fields, "status") ?? throw new CrmRejectedException($"{at} (ticket {id}): no status where fields.status ({fields["status"]}) points");
            var stamp = Field(item, fields, "updated_at");
            if (!DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var updatedAt))
            {
                throw new CrmRejectedException($"{at} (ticket {id}): '{stamp}' where fields.updated_at ({fields["updated_at"]}) points is not an ISO 8601 time");
            }

            changes.Add(new CrmTicketChange(id, status, updatedAt));
        }

        return changes.OrderBy(c => c.UpdatedAt).ToList();
    }

    /// <summary>Statuses that end a ticket, whatever the CRM's case.</summary>
    public static bool IsClosed(string status) =>
        status.Equals("closed", StringComparison.OrdinalIgnoreCase) || status.Equals("resolved", StringComparison.OrdinalIgnoreCase)
        || status.Equals("done", StringComparison.OrdinalIgnoreCase) || status.Equals("cancelled", StringComparison.OrdinalIgnoreCase);

    public Task UpdateTicketStatusAsync(string ticketId, string status, string idempotencyKey, CancellationToken cancellationToken = default) =>
        CallAsync(CrmOperations.UpdateTicketStatus, new() { ["ticketId"] = ticketId, ["status"] = status }, idempotencyKey, cancellationToken);

    public Task AddNoteAsync(string operation, Dictionary<string, JsonNode?> values, string idempotencyKey, CancellationToken cancellationToken = default) =>
        CallAsync(operation, values, idempotencyKey, cancellationToken);

    public async Task<CrmOrder?> GetOrderStatusAsync(string orderNumber, CancellationToken cancellationToken = default)
    {
        var result = await CallAsync(CrmOperations.GetOrderStatus, new() { ["orderNumber"] = orderNumber }, null, cancellationToken).ConfigureAwait(false);
        if (result is null)
        {
            return null;
        }

        var fields = _options.Operations[CrmOperations.GetOrderStatus].Fields;
        return new CrmOrder(Field(result, fields, "number"), Field(result, fields, "status") ?? "unknown", Field(result, fields, "total"));
    }

    /// <summary>The customer's account balance; null when the CRM has none (404).</summary>
    public async Task<CrmBalance?> GetBalanceAsync(CrmCustomer customer, CancellationToken cancellationToken = default)
    {
        var result = await CallAsync(CrmOperations.GetCustomerBalance, new() { ["customerId"] = customer.Id.DeepClone() }, null, cancellationToken).ConfigureAwait(false);
        if (result is null)
        {
            return null;
        }

        var fields = _options.Operations[CrmOperations.GetCustomerBalance].Fields;
        var text = Field(result, fields, "balance");
        return decimal.TryParse(text, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var amount)
            ? new CrmBalance(amount, Field(result, fields, "currency"))
            : throw new CrmRejectedException($"{CrmOperations.GetCustomerBalance}: '{text}' where fields.balance points is not an amount");
    }

    /// <summary>Sends one mapped operation; null for 404; throws <see cref="CrmRejectedException"/> for other 4xx.</summary>
    private async Task<JsonNode?> CallAsync(string name, Dictionary<string, JsonNode?> values, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (!_options.Operations.TryGetValue(name, out var op))
        {
            throw new CrmRejectedException($"{_options.Name} has no '{name}' operation in its mapping");
        }

        var path = Template.Render(op.Path, values, escape: true).TrimStart('/');
        var query = op.Query.ToDictionary(q => q.Key, q => Template.Render(q.Value, values, escape: false));
        var headers = new Dictionary<string, string>();
        if (idempotencyKey is not null)
        {
            headers[_options.IdempotencyHeader] = idempotencyKey;
        }

        var body = new JsonObject();
        foreach (var (field, template) in op.Body)
        {
            body[field] = Template.RenderValue(template, values);
        }

        using var response = await SendAsync(op.Method.ToUpperInvariant(), path, query, body, headers, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if ((int)response.StatusCode is >= 400 and < 500 and not 408 and not 429)
        {
            throw new CrmRejectedException($"{_options.Name} {name}: {(int)response.StatusCode} {Truncate(text)}");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{_options.Name} {name}: {(int)response.StatusCode} {Truncate(text)}", null, response.StatusCode);
        }

        return string.IsNullOrWhiteSpace(text) ? new JsonObject() : JsonPath.Select(JsonNode.Parse(text), op.Result);
    }

    private void Remember(object key, object? value)
    {
        if (_options.CacheTtl > TimeSpan.Zero)
        {
            _cache.Set(key, value, _options.CacheTtl);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(string method, string path, Dictionary<string, string> query, JsonObject body, Dictionary<string, string> headers, CancellationToken cancellationToken)
    {
        try
        {
            return method switch
            {
                "GET" => await _http.GetAsync(path, query, headers, cancellationToken).ConfigureAwait(false),
                "POST" => await _http.PostAsync(path, query, body, headers, cancellationToken).ConfigureAwait(false),
                "PUT" => await _http.PutAsync(path, query, body, headers, cancellationToken).ConfigureAwait(false),
                "PATCH" => await _http.PatchAsync(path, query, body, headers, cancellationToken).ConfigureAwait(false),
                _ => await _http.DeleteAsync(path, query, headers, cancellationToken).ConfigureAwait(false),
            };
        }
        catch (ApiRequestException ex) when (ex.InnerException is { } inner)
        {
            // Refit wraps what the resilience pipeline threw (open circuit, timeout); callers decide on the real one.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(inner).Throw();
            throw;
        }
    }

    private CrmCustomer Customer(JsonNode node, string operation)
    {
        var fields = _options.Operations[operation].Fields;
        var id = JsonPath.Select(node, fields["id"]) ?? throw new CrmRejectedException($"{operation}: no customer id where fields.id points");
        return new CrmCustomer(id.DeepClone(), Field(node, fields, "name"), Field(node, fields, "phone"), Field(node, fields, "tier"));
    }

    /// <summary>A mapped field's text, or null when the mapping leaves it out or the answer lacks it.</summary>
    private static string? Field(JsonNode node, Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var path) ? Text(JsonPath.Select(node, path)) : null;

    private static int Count(JsonNode node, string? path) => path is null ? 0 : JsonPath.Select(node, path) switch
    {
        JsonArray a => a.Count,
        JsonValue v when v.TryGetValue<int>(out var n) => n,
        _ => 0,
    };

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";

    public async ValueTask DisposeAsync()
    {
        _cache.Dispose();
        await _client.DisposeAsync().ConfigureAwait(false);
    }
}
