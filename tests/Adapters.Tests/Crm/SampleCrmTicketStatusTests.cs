using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Middleware.SampleCrm;

namespace Middleware.Adapters.Tests.Crm;

/// <summary>The sample CRM's ticket status routes as a poller meets them: PATCH a status, list what changed since a time, faults.</summary>
public sealed class SampleCrmTicketStatusTests : IAsyncLifetime
{
    private CrmHarness _h = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _h = await CrmHarness.StartAsync();
        _http = new HttpClient { BaseAddress = _h.Server.Address };
        _http.DefaultRequestHeaders.Add("X-Crm-Key", SampleCrmServer.DefaultApiKey);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _h.DisposeAsync();
    }

    [Fact]
    public async Task A_patched_status_is_listed_with_its_new_updated_at_and_older_changes_are_not()
    {
        var (ticket, _) = _h.Server.Store.CreateTicket(null, "13800138000", "Refund", "billing", "normal", null, null, null);
        var created = DateTimeOffset.Parse(ticket.UpdatedAt, System.Globalization.CultureInfo.InvariantCulture);

        using var patch = await _http.PatchAsJsonAsync($"api/tickets/{ticket.Id}", new { status = "resolved" });
        patch.EnsureSuccessStatusCode();
        var listed = await _http.GetFromJsonAsync<JsonElement>($"api/tickets?updated_since={Uri.EscapeDataString(created.AddTicks(1).ToString("O"))}");

        var only = Assert.Single(listed.EnumerateArray());
        Assert.Equal(ticket.Id, only.GetProperty("id").GetInt64());
        Assert.Equal("resolved", only.GetProperty("status").GetString());
        Assert.True(only.GetProperty("updatedAt").GetDateTimeOffset() > created);
    }

    [Fact]
    public async Task A_since_that_is_not_a_time_is_a_400_naming_it()
    {
        using var response = await _http.GetAsync("api/tickets?updated_since=yesterday");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("updated_since: 'yesterday' is not an ISO 8601 time", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_status_is_refused_and_the_ticket_keeps_its_own()
    {
        var (ticket, _) = _h.Server.Store.CreateTicket(null, null, "Refund", "billing", "normal", null, null, null);

        using var response = await _http.PatchAsJsonAsync($"api/tickets/{ticket.Id}", new { status = "fixed-ish" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("open, in_progress, resolved, closed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("open", _h.Server.Store.Ticket(ticket.Id)!.Status);
    }

    [Fact]
    public async Task The_fault_switches_apply_to_the_status_routes()
    {
        _h.Server.Faults.ErrorRate = 1;
        _h.Server.Faults.ErrorStatus = 500;

        using var list = await _http.GetAsync("api/tickets?updated_since=2026-01-01T00:00:00Z");
        using var patch = await _http.PatchAsJsonAsync("api/tickets/1", new { status = "closed" });

        Assert.Equal(HttpStatusCode.InternalServerError, list.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, patch.StatusCode);
    }
}
