using System.Text.Json.Nodes;
using Middleware.Adapters.Crm;
using Middleware.Adapters.Crm.Configuration;
using Middleware.Core.Resilience;
using Polly.CircuitBreaker;

namespace Middleware.Adapters.Tests.Crm;

/// <summary>The config-driven CRM client over real HTTP against the sample CRM's two API shapes.</summary>
public sealed class CrmClientTests : IAsyncLifetime
{
    private CrmHarness _h = null!;

    public async Task InitializeAsync() => _h = await CrmHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Theory]
    [InlineData("native-api.yaml")]
    [InlineData("contacts-api.yaml")]
    public async Task Both_shipped_mappings_do_every_operation_against_their_crm(string file)
    {
        await using var crm = _h.Client(file);

        var customer = await crm.FindCustomerByPhoneAsync("+86 138 0013 8000");
        Assert.NotNull(customer);
        Assert.Equal("王芳", customer!.Name);
        Assert.True(customer.IsVip);
        Assert.Null(await crm.FindCustomerByPhoneAsync("19999999999"));

        var profile = await crm.GetCustomerProfileAsync(customer);
        Assert.Equal(customer.IdText, profile!.Customer.IdText);

        var values = new Dictionary<string, JsonNode?>
        {
            ["customerId"] = customer.Id.DeepClone(), ["phone"] = "13800138000", ["title"] = "Call back 王芳", ["category"] = "callback",
            ["priority"] = "high", ["summary"] = "abandoned after 70 s", ["slaDueAt"] = "2026-11-26T12:00:00Z", ["callId"] = "pbx:1.1",
        };
        var key = Guid.NewGuid().ToString();
        var ticket = await crm.CreateTicketAsync(values, key);
        Assert.Equal(ticket, await crm.CreateTicketAsync(values, key)); // the same key: the same ticket, not a second one
        var stored = _h.Server.Store.Tickets().Single(t => t.Title == "Call back 王芳");
        Assert.Equal("high", stored.Priority);
        Assert.Equal(long.Parse(customer.IdText.Replace("C-", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture), stored.CustomerId);

        var before = DateTimeOffset.Parse(_h.Server.Store.Ticket(stored.Id)!.UpdatedAt, System.Globalization.CultureInfo.InvariantCulture);
        await crm.UpdateTicketStatusAsync(ticket, "in_progress", Guid.NewGuid().ToString());
        Assert.Equal("in_progress", _h.Server.Store.Ticket(stored.Id)!.Status);
        var changed = Assert.Single(await crm.ListChangedTicketsAsync(before.AddTicks(1)), c => c.Id == ticket);
        Assert.Equal("in_progress", changed.Status);
        Assert.True(changed.UpdatedAt > before);
        await crm.AddNoteAsync(CrmOperations.AddCustomerNote, new() { ["customerId"] = customer.Id.DeepClone(), ["text"] = "called about refund" }, Guid.NewGuid().ToString());

        var order = _h.Server.Store.Orders(stored.CustomerId!.Value).FirstOrDefault();
        if (order is not null)
        {
            Assert.Equal(order.Status, (await crm.GetOrderStatusAsync(order.Number))!.Status);
        }
    }

    [Fact]
    public async Task Lookups_are_cached_for_the_ttl()
    {
        await using var crm = _h.Client("native-api.yaml");
        await crm.FindCustomerByPhoneAsync("13800138000");
        var before = _h.Server.Requests.Count;
        await crm.FindCustomerByPhoneAsync("13800138000");
        Assert.Equal(before, _h.Server.Requests.Count);
    }

    [Fact]
    public async Task A_5xx_storm_opens_the_circuit_and_it_recovers_after_the_break()
    {
        await using var crm = _h.Client("native-api.yaml", o =>
        {
            o.Retries = 0;
            o.CacheTtl = TimeSpan.Zero;
            o.CircuitBreaker = new CircuitBreakerOptions { FailureRatio = 0.5, MinimumThroughput = 4, SamplingDuration = TimeSpan.FromSeconds(10), BreakDuration = TimeSpan.FromSeconds(1) };
        });
        _h.Server.Faults.ErrorRate = 1;

        var failures = new List<Exception>();
        for (var i = 0; i < 12; i++)
        {
            failures.Add(await Assert.ThrowsAnyAsync<Exception>(() => crm.FindCustomerByPhoneAsync("13800138000")));
        }

        Assert.Contains(failures, f => f is BrokenCircuitException);
        var served = _h.Server.Requests.Count;
        await Assert.ThrowsAsync<BrokenCircuitException>(() => crm.FindCustomerByPhoneAsync("13800138000"));
        Assert.Equal(served, _h.Server.Requests.Count); // failing fast: the storming CRM is left alone

        _h.Server.Heal();
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        Assert.NotNull(await crm.FindCustomerByPhoneAsync("13800138000"));
    }

    [Fact]
    public async Task A_429_is_retried_no_sooner_than_its_retry_after()
    {
        await using var crm = _h.Client("native-api.yaml");
        _h.Server.Faults.RetryAfterSeconds = 1;
        _h.Server.Faults.RateLimitNext = 2;

        Assert.NotNull(await crm.FindCustomerByPhoneAsync("13900139001"));

        var tries = _h.Server.Requests.Entries.Where(e => e.Path == "/api/customers").ToList();
        Assert.Equal([429, 429, 200], tries.Select(t => t.Status));
        Assert.True(tries[1].At - tries[0].At >= TimeSpan.FromSeconds(0.95), $"second try came {tries[1].At - tries[0].At} after a Retry-After of 1 s");
        Assert.True(tries[2].At - tries[1].At >= TimeSpan.FromSeconds(0.95));
    }

    [Fact]
    public async Task A_refusal_is_not_retried_and_says_what_the_crm_said()
    {
        await using var crm = _h.Client("native-api.yaml", o => o.Auth.Secret = "wrong-key-0000000000");
        var ex = await Assert.ThrowsAsync<CrmRejectedException>(() => crm.FindCustomerByPhoneAsync("13800138000"));
        Assert.Contains("401", ex.Message, StringComparison.Ordinal);
        Assert.Single(_h.Server.Requests.Entries);
    }

    [Fact]
    public async Task A_slow_crm_times_out_into_a_transient_failure()
    {
        await using var crm = _h.Client("native-api.yaml", o =>
        {
            o.Timeout = TimeSpan.FromMilliseconds(200);
            o.Retries = 0;
        });
        _h.Server.Faults.LatencyMs = 1500;

        await Assert.ThrowsAsync<Polly.Timeout.TimeoutRejectedException>(() => crm.FindCustomerByPhoneAsync("13800138000"));
    }
}
