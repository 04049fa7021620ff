using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Middleware.Adapters.Crm;
using Middleware.Adapters.Crm.StatusReadBack;
using Middleware.Adapters.Crm.WriteBack;
using Middleware.Core.Events;
using Middleware.Core.Pipeline;
using Middleware.Core.WriteBack;
using Middleware.SampleCrm;
using Middleware.TestSupport;

namespace Middleware.Adapters.Tests.Crm.StatusReadBack;

/// <summary>
/// The status poller against the real sample CRM on loopback: a ticket is created through the write-back gate,
/// its status is PATCHed in the CRM over HTTP, and a fake clock decides when the poller asks again.
/// </summary>
public sealed class TicketStatusPollerTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private CrmHarness _h = null!;
    private CrmClient _crm = null!;
    private PipelineHarness _pipeline = null!;
    private TicketStatusBook _book = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _h = await CrmHarness.StartAsync();
        _crm = _h.Client("native-api.yaml", o =>
        {
            o.Retries = 0; // one answer per poll: what the CRM said, not what a retry later said
            o.CircuitBreaker.MinimumThroughput = 1000;
        });
        _book = new TicketStatusBook("sample-crm", "open");
        var gate = new WriteBackGate(new WriteBackOptions { Mode = WriteBackMode.Assist, Allow = new() { ["sample-crm"] = ["CreateTicket"] } }, [new CrmWriteBackTarget(_crm)],
            new EventFactory(TimeProvider.System));

        // Stands in for the ticketing enrichers: a hangup asks the gate for a ticket.
        var drafter = new DelegateEnricher("drafter", [EventKinds.CallEnded], (e, context) =>
        {
            context.RequestWriteBack("sample-crm", "CreateTicket", new Dictionary<string, string> { ["title"] = "Refund not received", ["category"] = "billing", ["customerNumber"] = "13800138000" });
            return ValueTask.CompletedTask;
        });
        _pipeline = await PipelineHarness.StartAsync([drafter, _book], gate: gate, options: new PipelineOptions { Partitions = 2 });
        _http = new HttpClient { BaseAddress = _h.Server.Address };
        _http.DefaultRequestHeaders.Add("X-Crm-Key", SampleCrmServer.DefaultApiKey);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _pipeline.DisposeAsync();
        await _crm.DisposeAsync();
        await _h.DisposeAsync();
    }

    private TicketStatusPoller Poller(TicketStatusBook? book = null, ILogger? logger = null) =>
        new(_crm, book ?? _book, new() { PollInterval = Interval }, _pipeline.Journal, new EventFactory(_clock), _clock, logger ?? NullLogger.Instance);

    /// <summary>A hangup the middleware makes a ticket of, in the sample CRM; returns the CRM's ticket id once the book follows it.</summary>
    private async Task<string> TicketAsync(string callId)
    {
        await _pipeline.Pipeline.PublishAsync(TestEvents.Ended(callId));
        string? id = null;
        await Eventually.True(() =>
        {
            var done = _pipeline.JournaledAsync().Result.Select(e => e.Payload).OfType<WriteBackCompleted>().FirstOrDefault();
            return done is not null && TicketResult.TryParse(done.Result, out id, out _, out _) && _book.StatusOf(id) == "open";
        }, "the ticket created and followed");
        return id!;
    }

    private async Task PatchAsync(string ticketId, string status)
    {
        using var response = await _http.PatchAsJsonAsync($"api/tickets/{ticketId}", new { status });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Lets the fake clock reach the next poll and waits until it was answered.</summary>
    private async Task NextPollAsync(TicketStatusPoller poller)
    {
        var before = poller.Polls;
        _clock.Advance(Interval);
        await Eventually.True(() => poller.Polls > before, "the next poll answered");
    }

    private async Task<List<(string? CallId, TicketStatusChanged Change)>> ChangesAsync() =>
        (await _pipeline.JournaledAsync()).Where(e => e.Payload is TicketStatusChanged).Select(e => (e.CallId, (TicketStatusChanged)e.Payload)).ToList();

    /// <summary>The changes once <paramref name="count"/> of them are journaled: a poll publishes, the pipeline journals a moment later.</summary>
    private async Task<List<(string? CallId, TicketStatusChanged Change)>> ChangesAsync(int count)
    {
        await Eventually.True(() => ChangesAsync().Result.Count >= count, $"{count} status change(s) journaled");
        return await ChangesAsync();
    }

    [Fact]
    public async Task A_status_patched_in_the_CRM_is_published_once_and_a_poll_with_no_change_publishes_nothing()
    {
        var ticket = await TicketAsync("pbx:1.1");
        await using var poller = Poller();
        await poller.StartAsync(_pipeline.Pipeline, CancellationToken.None);
        await Eventually.True(() => poller.Polls == 1, "the first poll at start");
        Assert.Empty(await ChangesAsync()); // created open, still open: no change

        await PatchAsync(ticket, "resolved");
        await NextPollAsync(poller);
        var (callId, change) = Assert.Single(await ChangesAsync(1));
        var stored = _h.Server.Store.Ticket(long.Parse(ticket, CultureInfo.InvariantCulture))!;
        Assert.Equal(new TicketStatusChanged(ticket, "resolved", "open", "crm-poll", "sample-crm", DateTimeOffset.Parse(stored.UpdatedAt, CultureInfo.InvariantCulture)), change);
        Assert.Equal("pbx:1.1", callId); // on the ticket's call, so the SLA watcher and the dashboard find it

        await NextPollAsync(poller);
        await NextPollAsync(poller);
        Assert.Single(await ChangesAsync());

        await PatchAsync(ticket, "closed");
        await NextPollAsync(poller);
        Assert.Equal([("open", "resolved"), ("resolved", "closed")], (await ChangesAsync(2)).Select(c => (c.Change.PreviousStatus!, c.Change.Status)));
    }

    [Fact]
    public async Task A_CRM_answering_500_is_logged_once_and_the_next_poll_that_gets_through_catches_up()
    {
        var ticket = await TicketAsync("pbx:2.1");
        var logger = new FakeLogger();
        await using var poller = Poller(logger: logger);
        await poller.StartAsync(_pipeline.Pipeline, CancellationToken.None);
        await Eventually.True(() => poller.Polls == 1, "the first poll at start");

        _h.Server.Faults.ErrorStatus = 500;
        _h.Server.Faults.ErrorRate = 1;
        _h.Server.Store.UpdateTicketStatus(long.Parse(ticket, CultureInfo.InvariantCulture), "in_progress"); // changed while the API is down
        await NextPollAsync(poller);
        await NextPollAsync(poller);
        Assert.Equal(2, poller.Failures);
        Assert.False(poller.Health.Healthy);
        Assert.Contains("500", poller.Health.LastError, StringComparison.Ordinal);
        Assert.Single(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains("ticket status poll failed", StringComparison.Ordinal));
        Assert.Empty(await ChangesAsync());

        _h.Server.Heal();
        await NextPollAsync(poller);
        var change = Assert.Single(await ChangesAsync(1)).Change;
        Assert.Equal(("open", "in_progress"), (change.PreviousStatus, change.Status));
        Assert.True(poller.Health.Healthy);
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Message.Contains("answered again after 2 failed poll(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task After_a_restart_the_journal_keeps_a_change_from_being_published_twice_and_a_new_one_is_seen()
    {
        var ticket = await TicketAsync("pbx:3.1");
        await using (var first = Poller())
        {
            await first.StartAsync(_pipeline.Pipeline, CancellationToken.None);
            await Eventually.True(() => first.Polls == 1, "the first poll at start");
            await PatchAsync(ticket, "in_progress");
            await NextPollAsync(first);
            Assert.Single(await ChangesAsync(1));
        }

        // A new process: the book learns tickets and statuses from the journal, the poller its "since" from the journal's cursor.
        var book = new TicketStatusBook("sample-crm", "open");
        book.Restore(await _pipeline.JournaledAsync());
        Assert.Equal("in_progress", book.StatusOf(ticket));
        await using var second = Poller(book);
        await second.StartAsync(_pipeline.Pipeline, CancellationToken.None);
        await Eventually.True(() => second.Polls == 1, "the first poll after the restart");
        Assert.Single(await ChangesAsync());

        await PatchAsync(ticket, "resolved");
        await NextPollAsync(second);
        Assert.Equal(["in_progress", "resolved"], (await ChangesAsync(2)).Select(c => c.Change.Status));
    }

    [Fact]
    public async Task Tickets_the_middleware_did_not_create_are_not_reported()
    {
        var (other, _) = _h.Server.Store.CreateTicket(null, "13900139001", "Made by hand in the CRM", "billing", "normal", null, null, null);
        await using var poller = Poller();
        await poller.StartAsync(_pipeline.Pipeline, CancellationToken.None);
        await PatchAsync(other.Id.ToString(CultureInfo.InvariantCulture), "closed");
        await NextPollAsync(poller);

        Assert.Empty(await ChangesAsync());
        Assert.True(_book.NotOurs > 0);
    }
}
