using Microsoft.Extensions.Time.Testing;
using Middleware.Core.Events;
using Middleware.Core.Pipeline;
using Middleware.Core.WriteBack;
using Middleware.Enrichment.Ticketing;
using Middleware.TestSupport;

namespace Middleware.Enrichment.Tests.Ticketing;

public class SlaWatcherTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-26T10:00:00Z");
    private static readonly DateTimeOffset Due = T0.AddHours(2);
    private static readonly SlaWatchOptions Options = new() { WarningBefore = TimeSpan.FromMinutes(30) };

    /// <summary>Records what the watcher asks its scheduler for (the Quartz one is tested in Host.Tests).</summary>
    private sealed class RecordingScheduler : ISlaAlarmScheduler
    {
        public List<SlaAlarmSlot> Scheduled { get; } = [];

        public List<string> Cancelled { get; } = [];

        public Task ScheduleAsync(SlaAlarmSlot slot, CancellationToken cancellationToken)
        {
            Scheduled.Add(slot);
            return Task.CompletedTask;
        }

        public Task CancelAsync(string ticketId, CancellationToken cancellationToken)
        {
            Cancelled.Add(ticketId);
            return Task.CompletedTask;
        }
    }

    private static EventEnvelope Created(string ticketId, string target = "crm", string? result = null) =>
        TestEvents.Make("c1", new WriteBackCompleted(Guid.NewGuid().ToString(), target, "CreateTicket", result ?? TicketResult.Created(ticketId, "7", "gold", Due.ToString("O")), 1), "write-back", T0);

    private static async Task<(SlaWatcher Watcher, RecordingScheduler Scheduler, PipelineHarness Harness)> StartAsync(FakeTimeProvider clock, IEnumerable<EventEnvelope>? history = null)
    {
        var scheduler = new RecordingScheduler();
        var watcher = new SlaWatcher(Options, "crm", scheduler);
        watcher.Restore(history ?? []);
        var factory = new EventFactory(clock);
        var harness = await PipelineHarness.StartAsync([watcher], options: new PipelineOptions { Partitions = 1 }, factory: factory);
        watcher.Attach(harness.Pipeline, factory);
        return (watcher, scheduler, harness);
    }

    private static async Task<List<EventEnvelope>> DrainAsync(PipelineHarness h)
    {
        await h.Pipeline.StopAsync();
        return await h.JournaledAsync();
    }

    [Fact]
    public async Task A_created_ticket_schedules_its_warning_and_breach()
    {
        var (_, scheduler, h) = await StartAsync(new FakeTimeProvider(T0));
        await using var _ = h;
        await h.Pipeline.PublishAsync(Created("T1"));
        var journaled = await DrainAsync(h);

        Assert.Equal([new SlaAlarmSlot("T1", SlaAlarm.Warning, Due.AddMinutes(-30)), new SlaAlarmSlot("T1", SlaAlarm.Breached, Due)], scheduler.Scheduled);
        Assert.DoesNotContain(journaled, e => e.Payload is SlaWarning or SlaBreached);
    }

    [Fact]
    public async Task A_fired_breach_is_journaled_once_and_asks_for_a_CRM_note_on_the_ticket()
    {
        var clock = new FakeTimeProvider(T0);
        var (watcher, _, h) = await StartAsync(clock, [Created("T1")]); // learned (read back) before any trigger fires
        await using var _ = h;
        clock.SetUtcNow(Due);

        // What the Quartz job calls when the breach trigger fires.
        Assert.True(await watcher.FireAsync(new SlaAlarmSlot("T1", SlaAlarm.Breached, Due), CancellationToken.None));
        Assert.False(await watcher.FireAsync(new SlaAlarmSlot("T1", SlaAlarm.Breached, Due), CancellationToken.None)); // a second trigger for it
        var journaled = await DrainAsync(h);

        var breach = Assert.Single(journaled.Select(e => e.Payload).OfType<SlaBreached>());
        Assert.Equal(new SlaBreached("T1", Due), breach);
        var note = Assert.Single(journaled.Select(e => e.Payload).OfType<WriteBackRequested>());
        Assert.Equal(("crm", "AddNote", "T1"), (note.Target, note.Action, note.Parameters["ticketId"]));
        Assert.Contains("breached", note.Parameters["text"]);
        Assert.Equal("c1", journaled.Single(e => e.Payload is SlaBreached).CallId); // on the ticket's call
    }

    [Fact]
    public async Task After_a_restart_an_overdue_ticket_breaches_once_not_twice()
    {
        var clock = new FakeTimeProvider(Due.AddHours(1)); // down across the due time
        var (watcher, scheduler, h) = await StartAsync(clock, [Created("T1")]);
        await using (h)
        {
            Assert.Equal(1, await watcher.ReplanAsync(clock.GetUtcNow(), CancellationToken.None));
            var journaled = await DrainAsync(h);
            Assert.Single(journaled, e => e.Payload is SlaBreached);
            Assert.DoesNotContain(journaled, e => e.Payload is SlaWarning); // a late "due soon" next to the breach is noise
            Assert.Empty(scheduler.Scheduled);

            // The next restart reads the breach back from the journal: nothing fires again.
            var (again, againScheduler, h2) = await StartAsync(clock, [Created("T1"), .. journaled]);
            await using (h2)
            {
                Assert.Equal(0, await again.ReplanAsync(clock.GetUtcNow(), CancellationToken.None));
                Assert.DoesNotContain(await DrainAsync(h2), e => e.Payload is SlaBreached);
                Assert.Empty(againScheduler.Scheduled);
            }
        }
    }

    [Fact]
    public async Task A_ticket_closed_before_due_cancels_its_alarms_and_raises_nothing()
    {
        var clock = new FakeTimeProvider(T0);
        var (watcher, scheduler, h) = await StartAsync(clock);
        await using var _ = h;
        await h.Pipeline.PublishAsync(Created("T1"));
        await h.Pipeline.PublishAsync(TestEvents.Make("c1", new TicketStatusChanged("T1", "Resolved", "open", "crm-poll"), "crm", T0.AddMinutes(5)));
        await h.Pipeline.StopAsync();
        clock.SetUtcNow(Due.AddMinutes(1));

        Assert.Equal(["T1"], scheduler.Cancelled);
        Assert.False(await watcher.FireAsync(new SlaAlarmSlot("T1", SlaAlarm.Breached, Due), CancellationToken.None)); // a trigger that slipped through
        Assert.Equal(0, await watcher.ReplanAsync(clock.GetUtcNow(), CancellationToken.None));
        Assert.DoesNotContain(await h.JournaledAsync(), e => e.Payload is SlaBreached or SlaWarning);
    }

    [Fact]
    public async Task Updates_of_an_open_ticket_and_other_targets_are_not_watched_twice()
    {
        var (watcher, scheduler, h) = await StartAsync(new FakeTimeProvider(T0));
        await using var _ = h;
        await h.Pipeline.PublishAsync(Created("T1", result: TicketResult.Updated("T1", "7")));
        await h.Pipeline.PublishAsync(Created("T2", target: "other-crm"));
        await h.Pipeline.PublishAsync(Created("T3", result: TicketResult.Created("T3", null, null, null))); // no due time
        await DrainAsync(h);

        Assert.Empty(scheduler.Scheduled);
        Assert.Equal(0, watcher.Watching);
    }
}
