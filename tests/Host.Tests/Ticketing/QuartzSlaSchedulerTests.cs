using Microsoft.Extensions.Time.Testing;
using Middleware.Core.Events;
using Middleware.Core.Journal;
using Middleware.Core.Pipeline;
using Middleware.Core.WriteBack;
using Middleware.Enrichment.Ticketing;
using Middleware.Host.Hosting;
using Middleware.TestSupport;

namespace Middleware.Host.Tests.Ticketing;

public class QuartzSlaSchedulerTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-26T10:00:00Z");

    /// <summary>Completes when the pipeline has processed an event of the kind (no sleeping, no timed assert:
    /// the wait is only a guard against a hang).</summary>
    private sealed class AwaitingSink(string kind) : IEventSink
    {
        public TaskCompletionSource<EventEnvelope> Seen { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name => "awaiting";

        public IReadOnlyCollection<string> Kinds { get; } = [kind];

        public ValueTask OnEventAsync(EventEnvelope envelope, CancellationToken cancellationToken)
        {
            Seen.TrySetResult(envelope);
            return ValueTask.CompletedTask;
        }
    }

    private static EventEnvelope Created(string ticketId, DateTimeOffset due) =>
        TestEvents.Make("c1", new WriteBackCompleted("r1", "crm", "CreateTicket", TicketResult.Created(ticketId, "7", "gold", due.ToString("O")), 1), "write-back", T0);

    [Fact]
    public async Task A_trigger_already_late_fires_through_Quartz_into_the_pipeline_once()
    {
        var clock = new FakeTimeProvider(T0.AddHours(3));
        SlaWatcher? watcher = null;
        await using var scheduler = await QuartzSlaScheduler.StartAsync(() => watcher!, clock, store: null, CancellationToken.None);
        watcher = new SlaWatcher(new SlaWatchOptions { WarningBefore = TimeSpan.Zero }, "crm", scheduler);
        watcher.Restore([Created("T1", T0.AddHours(2))]);
        var sink = new AwaitingSink(EventKinds.SlaBreached);
        var factory = new EventFactory(clock);
        await using var h = await PipelineHarness.StartAsync([watcher], [sink], new PipelineOptions { Partitions = 1 }, factory: factory);
        watcher.Attach(h.Pipeline, factory);

        // Scheduled through Quartz (not fired inline) so the job path runs: a slot for the breach, due in the past.
        await scheduler.ScheduleAsync(new SlaAlarmSlot("T1", SlaAlarm.Breached, T0.AddHours(2)), CancellationToken.None);
        await sink.Seen.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, await watcher.ReplanAsync(clock.GetUtcNow(), CancellationToken.None)); // the start-up re-plan finds it fired
        await h.Pipeline.StopAsync();

        var journaled = await h.JournaledAsync();
        Assert.Single(journaled, e => e.Payload is SlaBreached { TicketId: "T1" });
        Assert.Single(journaled, e => e.Payload is WriteBackRequested { Action: "AddNote" });
    }

    [Fact]
    public async Task A_future_trigger_fires_when_the_injected_clock_reaches_it()
    {
        var clock = new FakeTimeProvider(T0);
        SlaWatcher? watcher = null;
        await using var scheduler = await QuartzSlaScheduler.StartAsync(() => watcher!, clock, store: null, CancellationToken.None);
        watcher = new SlaWatcher(new SlaWatchOptions { WarningBefore = TimeSpan.FromMinutes(30) }, "crm", scheduler);
        var sink = new AwaitingSink(EventKinds.SlaWarning);
        var factory = new EventFactory(clock);
        await using var h = await PipelineHarness.StartAsync([watcher], [sink], new PipelineOptions { Partitions = 1 }, factory: factory);
        watcher.Attach(h.Pipeline, factory);
        watcher.Restore([Created("T1", T0.AddHours(2))]);
        Assert.Equal(0, await watcher.ReplanAsync(T0, CancellationToken.None)); // the start-up path: warning and breach go to Quartz
        Assert.Equal(2, await scheduler.PendingAsync());

        clock.Advance(TimeSpan.FromMinutes(90)); // due − 30 min
        var warning = await sink.Seen.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(new SlaWarning("T1", T0.AddHours(2), TimeSpan.FromMinutes(30)), warning.Payload);
        // Quartz removes the fired trigger just after its job ran: wait for that, then the breach still waits.
        await Eventually.True(() => scheduler.PendingAsync().GetAwaiter().GetResult() == 1, "only the breach trigger left");
    }

    [Fact]
    public async Task Closing_a_ticket_deletes_its_waiting_triggers()
    {
        var clock = new FakeTimeProvider(T0);
        SlaWatcher? watcher = null;
        await using var scheduler = await QuartzSlaScheduler.StartAsync(() => watcher!, clock, store: null, CancellationToken.None);
        watcher = new SlaWatcher(new SlaWatchOptions(), "crm", scheduler);
        await scheduler.ScheduleAsync(new SlaAlarmSlot("T1", SlaAlarm.Warning, T0.AddHours(1)), CancellationToken.None);
        await scheduler.ScheduleAsync(new SlaAlarmSlot("T1", SlaAlarm.Breached, T0.AddHours(2)), CancellationToken.None);
        await scheduler.ScheduleAsync(new SlaAlarmSlot("T1", SlaAlarm.Breached, T0.AddHours(2)), CancellationToken.None); // the same outcome seen twice
        await scheduler.ScheduleAsync(new SlaAlarmSlot("T2", SlaAlarm.Breached, T0.AddHours(2)), CancellationToken.None);
        Assert.Equal(3, await scheduler.PendingAsync());

        await scheduler.CancelAsync("T1", CancellationToken.None);

        Assert.Equal(1, await scheduler.PendingAsync());
    }

    public static TheoryData<JournalProvider> JournalDatabases => [JournalProvider.Sqlite, JournalProvider.Postgres];

    /// <summary>
    /// The persistent store: alarms scheduled by one scheduler are still waiting for the next one started on the
    /// same journal database (the journal itself open and appending beside Quartz's tables), and fire there when due.
    /// </summary>
    [Theory]
    [MemberData(nameof(JournalDatabases))]
    public async Task Alarms_waiting_in_the_journal_database_survive_a_restart_and_fire_after_it(JournalProvider provider)
    {
        using var dir = new TempDirectory();
        var options = provider == JournalProvider.Postgres
            ? new JournalOptions { Provider = provider, ConnectionString = await TestPostgres.FreshDatabaseAsync() }
            : new JournalOptions { Provider = provider, Path = dir.File("journal.db"), Durability = JournalDurability.Normal };
        await using var journal = await JournalFactory.OpenAsync(options);
        var clock = new FakeTimeProvider(T0);

        SlaWatcher? before = null;
        await using (var first = await QuartzSlaScheduler.StartAsync(() => before!, clock, options, CancellationToken.None))
        {
            before = new SlaWatcher(new SlaWatchOptions { WarningBefore = TimeSpan.FromMinutes(30) }, "crm", first);
            await first.ScheduleAsync(new SlaAlarmSlot("T1", SlaAlarm.Warning, T0.AddMinutes(90)), CancellationToken.None);
            await first.ScheduleAsync(new SlaAlarmSlot("T1", SlaAlarm.Breached, T0.AddHours(2)), CancellationToken.None);
            Assert.Equal(2, await first.PendingAsync());
        }

        await journal.AppendAsync(Created("T1", T0.AddHours(2))); // the journal writes beside Quartz's tables

        SlaWatcher? watcher = null;
        await using var second = await QuartzSlaScheduler.StartAsync(() => watcher!, clock, options, CancellationToken.None);
        Assert.Equal(2, await second.PendingAsync()); // read back from the database, not re-planned
        watcher = new SlaWatcher(new SlaWatchOptions { WarningBefore = TimeSpan.FromMinutes(30) }, "crm", second);
        var sink = new AwaitingSink(EventKinds.SlaWarning);
        var factory = new EventFactory(clock);
        await using var h = await PipelineHarness.StartAsync([watcher], [sink], new PipelineOptions { Partitions = 1 }, factory: factory);
        watcher.Attach(h.Pipeline, factory);
        watcher.Restore([Created("T1", T0.AddHours(2))]);
        Assert.Equal(0, await watcher.ReplanAsync(T0, CancellationToken.None)); // both already waiting: nothing doubled
        Assert.Equal(2, await second.PendingAsync());

        clock.Advance(TimeSpan.FromMinutes(90));
        var warning = await sink.Seen.Task.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(new SlaWarning("T1", T0.AddHours(2), TimeSpan.FromMinutes(30)), warning.Payload);
        await Eventually.True(() => second.PendingAsync().GetAwaiter().GetResult() == 1, "only the breach trigger left");
        Assert.Single(await journal.ReadAfterAsync(0, 100), e => e.Envelope.Payload is WriteBackCompleted);
    }
}
