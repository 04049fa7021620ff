using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Middleware.SampleCrm.Data;

namespace Middleware.SampleCrm.Api;

/// <summary>
/// Shape B, the same data as a differently built CRM would expose it: OAuth2 client credentials,
/// "contacts" and "cases", snake_case, results wrapped in envelopes, a different vocabulary
/// (segment for tier, urgency for priority, case_no for the ticket id). Integrators map it by YAML.
/// </summary>
public static class ContactsApi
{
    public sealed record CaseRequest(
        [property: JsonPropertyName("subject")] string Subject,
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("urgency")] string Urgency,
        [property: JsonPropertyName("contact_ref")] string? ContactRef,
        [property: JsonPropertyName("details")] string? Details,
        [property: JsonPropertyName("respond_by")] string? RespondBy);

    public sealed record CaseUpdate(string State);

    public sealed record CommentRequest(string Body);

    public static void Map(WebApplication app, CrmStore store, string clientId, string clientSecret)
    {
        var tokens = new ConcurrentDictionary<string, DateTimeOffset>();
        app.MapPost("/crm2/oauth/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            if (form["grant_type"] != "client_credentials" || form["client_id"] != clientId || form["client_secret"] != clientSecret)
            {
                return Results.Json(new { error = "invalid_client" }, statusCode: 401);
            }

            var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            tokens[token] = DateTimeOffset.UtcNow.AddMinutes(10);
            return Results.Json(new { access_token = token, token_type = "Bearer", expires_in = 600 });
        });

        var api = app.MapGroup("/crm2/v1").AddEndpointFilter(async (context, next) =>
        {
            var header = context.HttpContext.Request.Headers.Authorization.ToString();
            return header.StartsWith("Bearer ", StringComparison.Ordinal) && tokens.TryGetValue(header[7..], out var until) && until > DateTimeOffset.UtcNow
                ? await next(context)
                : Results.Json(new { error = "invalid_token" }, statusCode: 401);
        });

        object Contact(Customer c) => new { contact_id = $"C-{c.Id}", full_name = c.Name, mobile = c.Phone, segment = c.Tier.ToUpperInvariant() };
        object Case(Ticket t) => new { case_no = $"CASE-{t.Id:D6}", subject = t.Title, type = t.Category, urgency = t.Priority, state = t.Status, updated_at = t.UpdatedAt, contact_ref = t.CustomerId is { } id ? $"C-{id}" : null };

        api.MapGet("/contacts/search", (string mobile) => new { data = store.FindByPhone(mobile).Select(Contact), total = store.FindByPhone(mobile).Count });
        api.MapGet("/contacts/{contactId}", (string contactId) => long.TryParse(contactId.Replace("C-", "", StringComparison.Ordinal), out var id) && store.Customer(id) is { } c
            ? Results.Ok(new { contact = Contact(c), open_cases = store.Tickets(id, "open").Select(Case), purchases = store.Orders(id).Select(o => new { ref_no = o.Number, o.Status, amount = o.Total }) })
            : Results.NotFound(new { error = "no such contact" }));
        api.MapGet("/purchases/{refNo}", (string refNo) => store.Order(refNo) is { } o ? Results.Ok(new { purchase = new { ref_no = o.Number, state = o.Status } }) : Results.NotFound());
        api.MapPost("/cases", (CaseRequest r, HttpRequest request) =>
        {
            long? contact = r.ContactRef is { } cref && long.TryParse(cref.Replace("C-", "", StringComparison.Ordinal), out var cid) ? cid : null;
            var (ticket, created) = store.CreateTicket(contact, null, r.Subject, r.Type, r.Urgency, r.Details, r.RespondBy, request.Headers["X-Request-Id"].FirstOrDefault());
            return Results.Json(new { @case = Case(ticket) }, statusCode: created ? 201 : 200);
        });
        api.MapGet("/cases", ([Microsoft.AspNetCore.Mvc.FromQuery(Name = "updated_since")] string? updatedSince) =>
            TicketQuery.TryParseSince(updatedSince ?? "0001-01-01T00:00:00Z", out var since)
                ? Results.Ok(new { data = store.TicketsUpdatedSince(since).Select(Case) })
                : Results.BadRequest(new { error = TicketQuery.BadSince(updatedSince!) }));
        api.MapPost("/cases/{caseNo}/state", (string caseNo, CaseUpdate u) =>
            !TicketQuery.IsStatus(u.State) ? Results.BadRequest(new { error = TicketQuery.BadStatus(u.State) })
            : long.TryParse(caseNo.Replace("CASE-", "", StringComparison.Ordinal), out var id) && store.UpdateTicketStatus(id, u.State) ? Results.Ok(new { @case = Case(store.Ticket(id)!) }) : Results.NotFound());
        api.MapPost("/contacts/{contactId}/comments", (string contactId, CommentRequest c, HttpRequest request) =>
        {
            var id = long.Parse(contactId.Replace("C-", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
            var (note, _) = store.AddNote(id, null, c.Body, request.Headers["X-Request-Id"].FirstOrDefault());
            return Results.Json(new { comment_id = note.Id });
        });
    }
}
