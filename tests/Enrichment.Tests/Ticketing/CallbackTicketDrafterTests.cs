using Middleware.Core.Events;
using Middleware.Enrichment.Ticketing;
using Middleware.TestSupport;

namespace Middleware.Enrichment.Tests.Ticketing;

public class CallbackTicketDrafterTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-26T10:00:00Z");

    private static async Task<List<TicketDraft>> RunAsync(params (string CallId, string Caller, DequeueReason Reason)[] calls)
    {
        var drafter = new CallbackTicketDrafter(new TicketingOptions { VipNumbers = ["13800138000"], CallbackSla = TimeSpan.FromHours(2), VipCallbackSla = TimeSpan.FromMinutes(30) });
        await using var h = await PipelineHarness.StartAsync([drafter]);
        foreach (var (id, caller, reason) in calls)
        {
            await h.Pipeline.PublishAsync(TestEvents.Make(id, new CallStarted(caller, "Name " + caller, "400", CallDirection.Inbound), at: T0));
            await h.Pipeline.PublishAsync(TestEvents.Make(id, new CallQueued("support", 1, 1), at: T0.AddSeconds(2)));
            await h.Pipeline.PublishAsync(TestEvents.Make(id, new CallDequeued("support", reason, 48), at: T0.AddSeconds(50)));
        }

        await h.Pipeline.StopAsync();
        return (await h.JournaledAsync()).Select(e => e.Payload).OfType<TicketDraft>().ToList();
    }

    [Fact]
    public async Task Only_abandoned_callers_get_a_callback_ticket_with_an_sla()
    {
        var tickets = await RunAsync(("c1", "13900000000", DequeueReason.Abandoned), ("c2", "13900000001", DequeueReason.Answered), ("c3", "13900000002", DequeueReason.Left));

        var ticket = Assert.Single(tickets);
        Assert.Equal(("callback", "normal", "13900000000"), (ticket.Category, ticket.Priority, ticket.CustomerNumber));
        Assert.Equal(T0.AddSeconds(50).AddHours(2), ticket.SlaDueAt);
        Assert.Contains("after 48 s", ticket.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_vip_gets_a_high_priority_ticket_due_sooner()
    {
        var ticket = Assert.Single(await RunAsync(("c1", "13800138000", DequeueReason.Abandoned)));

        Assert.Equal("high", ticket.Priority);
        Assert.Equal(T0.AddSeconds(50).AddMinutes(30), ticket.SlaDueAt);
    }
}
