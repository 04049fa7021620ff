using Microsoft.AspNetCore.Mvc;
using Middleware.SampleCrm.Data;

namespace Middleware.SampleCrm.Api;

/// <summary>
/// Shape A, the CRM's own REST API: /api/customers, /api/tickets, /api/orders; an API key in
/// X-Crm-Key; Idempotency-Key honoured on writes; camelCase JSON.
/// </summary>
public static class NativeApi
{
    public sealed record NewTicket(long? CustomerId, string? Phone, string Title, string Category, string Priority, string? Description, DateTimeOffset? SlaDueAt);

    public sealed record StatusChange(string Status);

    public sealed record NewNote(string Text);

    public static void Map(WebApplication app, CrmStore store, string apiKey)
    {
        var api = app.MapGroup("/api").AddEndpointFilter(async (context, next) =>
            context.HttpContext.Request.Headers["X-Crm-Key"] == apiKey ? await next(context) : Results.Json(new { error = "bad api key" }, statusCode: 401));

        api.MapGet("/customers", (string phone) => store.FindByPhone(phone));
        api.MapGet("/customers/{id:long}", (long id) => store.Customer(id) is { } c
            ? Results.Ok(new { c.Id, c.Name, c.Phone, c.Tier, c.Email, openTickets = store.Tickets(id, "open"), recentOrders = store.Orders(id).Take(5) })
            : Results.NotFound(new { error = $"no customer {id}" }));
        api.MapGet("/customers/{id:long}/balance", (long id) => store.Balance(id) is { } b
            ? Results.Ok(new { customerId = id, balance = b, currency = "CNY" })
            : Results.NotFound(new { error = $"no customer {id}" }));
        api.MapGet("/orders/{number}", (string number) => store.Order(number) is { } o ? Results.Ok(o) : Results.NotFound(new { error = $"no order {number}" }));
        // ?updated_since=ISO 8601: what a poller reads to learn status changes (inclusive, oldest change first).
        api.MapGet("/tickets", (long? customerId, string? status, [FromQuery(Name = "updated_since")] string? updatedSince) =>
        {
            if (updatedSince is null)
            {
                return Results.Ok(store.Tickets(customerId, status));
            }

            return TicketQuery.TryParseSince(updatedSince, out var since)
                ? Results.Ok(store.TicketsUpdatedSince(since).Where(t => (customerId is null || t.CustomerId == customerId) && (status is null || t.Status == status)))
                : Results.BadRequest(new { error = TicketQuery.BadSince(updatedSince) });
        });
        api.MapGet("/tickets/{id:long}", (long id) => store.Ticket(id) is { } t ? Results.Ok(t) : Results.NotFound());
        api.MapPost("/tickets", (NewTicket t, HttpRequest request) =>
        {
            if (string.IsNullOrWhiteSpace(t.Title))
            {
                return Results.BadRequest(new { error = "title is required" });
            }

            var (ticket, created) = store.CreateTicket(t.CustomerId, t.Phone, t.Title, t.Category, t.Priority, t.Description, t.SlaDueAt?.ToString("O"), request.Headers["Idempotency-Key"].FirstOrDefault());
            return created ? Results.Created($"/api/tickets/{ticket.Id}", ticket) : Results.Ok(ticket);
        });
        api.MapPatch("/tickets/{id:long}", (long id, StatusChange change) =>
            !TicketQuery.IsStatus(change.Status) ? Results.BadRequest(new { error = TicketQuery.BadStatus(change.Status) })
            : store.UpdateTicketStatus(id, change.Status) ? Results.Ok(store.Ticket(id)) : Results.NotFound(new { error = $"no ticket {id}" }));
        api.MapPost("/customers/{id:long}/notes", (long id, NewNote n, HttpRequest request) =>
        {
            var (note, created) = store.AddNote(id, null, n.Text, request.Headers["Idempotency-Key"].FirstOrDefault());
            return created ? Results.Created($"/api/notes/{note.Id}", note) : Results.Ok(note);
        });
        api.MapPost("/tickets/{id:long}/notes", (long id, NewNote n, HttpRequest request) =>
        {
            var (note, created) = store.AddNote(null, id, n.Text, request.Headers["Idempotency-Key"].FirstOrDefault());
            return created ? Results.Created($"/api/notes/{note.Id}", note) : Results.Ok(note);
        });
    }
}
