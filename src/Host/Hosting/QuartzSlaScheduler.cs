using Middleware.Enrichment.Ticketing;
using Quartz;

namespace Middleware.Host.Hosting;

/// <summary>
/// The SLA watcher's alarms on a Quartz.NET scheduler: one job per ticket and alarm (group = ticket id, so
/// closing a ticket deletes its group), a simple trigger at the fire time that fires at once when it is
/// already late (misfire: fire now). With <see cref="SlaJobStore.Journal"/> the jobs wait in Quartz's
/// persistent store inside the journal's own database — the SQLite file, or the PostgreSQL database where
/// the nodes sharing it form a Quartz cluster so an alarm fires on one node — its qrtz_ tables created when
/// missing. The journal stays the truth either way: the CreateTicket outcomes and the alarms already fired
/// are read back at start and <see cref="SlaWatcher.ReplanAsync"/> schedules what is not waiting (a job
/// already in the store is kept), so an alarm is neither lost nor raised twice across a restart.
/// </summary>
public sealed class QuartzSlaScheduler : ISlaAlarmScheduler, IAsyncDisposable
{
    private const string WatcherKey = "sla-watcher";
    private readonly StandaloneSchedulerFactory _factory;
    private readonly IScheduler _scheduler;
    private readonly TimeProvider _time;

    private QuartzSlaScheduler(StandaloneSchedulerFactory factory, IScheduler scheduler, TimeProvider time)
    {
        _factory = factory;
        _scheduler = scheduler;
        _time = time;
    }

    /// <summary>
    /// Starts a scheduler on <paramref name="time"/>; fired alarms go to the watcher <paramref name="watcher"/> returns.
    /// <paramref name="store"/> is the journal whose database keeps the jobs; null keeps them in memory.
    /// </summary>
    public static async Task<QuartzSlaScheduler> StartAsync(Func<SlaWatcher> watcher, TimeProvider time, JournalOptions? store, CancellationToken cancellationToken)
    {
        var factory = QuartzSchedulerBuilder.Create(q =>
            {
                q.ConfigureScheduler(o => o.InstanceName = "sla-watch")
                    .UseDefaultThreadPool(maxConcurrency: 2)
                    .UseTimeProvider(time);
                if (store is null)
                {
                    q.UseInMemoryStore();
                }
                else
                {
                    q.UsePersistentStore(s => InJournalDatabase(s, store));
                }
            })
            .Build();
        var scheduler = await factory.GetScheduler(cancellationToken).ConfigureAwait(false);
        scheduler.Context.Add(WatcherKey, watcher);
        await scheduler.Start(cancellationToken).ConfigureAwait(false);
        return new QuartzSlaScheduler(factory, scheduler, time);
    }

    private static void InJournalDatabase(IPersistentStoreBuilder s, JournalOptions journal)
    {
        if (journal.Provider == JournalProvider.Postgres)
        {
            s.UsePostgres(Npgsql.NpgsqlFactory.Instance, journal.ConnectionString ?? throw new InvalidOperationException("journal.connection_string is required for PostgreSQL"));
            s.UseClustering(_ => { }); // several middleware nodes on one journal database: each alarm fires on one of them
        }
        else
        {
            var path = Path.GetFullPath(journal.Path);
            s.UseSqlite(Microsoft.Data.Sqlite.SqliteFactory.Instance, new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString());
        }

        s.UseSystemTextJsonSerializer(_ => { });
        s.ProvisionSchema();
    }

    /// <summary>Alarms waiting, for the log and the tests.</summary>
    public async Task<int> PendingAsync(CancellationToken cancellationToken = default) =>
        (await _scheduler.GetJobKeys(GroupMatcher<JobKey>.AnyGroup(), cancellationToken).ConfigureAwait(false)).Count;

    public async Task ScheduleAsync(SlaAlarmSlot slot, CancellationToken cancellationToken)
    {
        var job = JobBuilder.Create<SlaAlarmJob>()
            .WithIdentity(slot.Alarm.ToString(), slot.TicketId)
            .UsingJobData("ticket", slot.TicketId)
            .UsingJobData("alarm", slot.Alarm.ToString())
            .UsingJobData("at", slot.FireAt.ToUnixTimeMilliseconds())
            .Build();
        var trigger = TriggerBuilder.Create(_time)
            .WithIdentity(slot.Alarm.ToString(), slot.TicketId)
            .StartAt(slot.FireAt)
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        if (await _scheduler.Exists(job.Key, cancellationToken).ConfigureAwait(false))
        {
            return; // already waiting (the same CreateTicket outcome seen twice)
        }

        await _scheduler.ScheduleJob(job, trigger, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async Task CancelAsync(string ticketId, CancellationToken cancellationToken) =>
        await _scheduler.DeleteJobs(GroupMatcher<JobKey>.GroupEquals(ticketId), cancellationToken).ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        await _scheduler.Shutdown(waitForJobsToComplete: true).ConfigureAwait(false);
        await _factory.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>A due alarm: hands it to the watcher, which publishes it unless the ticket closed or it fired.</summary>
    internal sealed class SlaAlarmJob : IJob
    {
        public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
        {
            var data = context.MergedJobDataMap;
            var watcher = ((Func<SlaWatcher>)context.Scheduler.Context[WatcherKey]!)();
            var slot = new SlaAlarmSlot(data.GetString("ticket")!, Enum.Parse<SlaAlarm>(data.GetString("alarm")!), DateTimeOffset.FromUnixTimeMilliseconds(data.GetLong("at")));
            await watcher.FireAsync(slot, cancellationToken).ConfigureAwait(false);
        }
    }
}
