using Middleware.Enrichment.Ticketing;
using Quartz;

namespace Middleware.Host.Hosting;

/// <summary>
/// The SLA watcher's alarms on a Quartz.NET scheduler: one job per ticket and alarm (group = ticket id, so
/// closing a ticket deletes its group), a simple trigger at the fire time that fires at once when it is
/// already late. The store is in memory (RAMJobStore): what survives a restart is the journal — the
/// CreateTicket outcomes and the alarms already fired — from which <see cref="SlaWatcher.ReplanAsync"/>
/// schedules again at start, so an alarm is neither lost nor raised twice across a restart.
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

    /// <summary>Starts a scheduler on <paramref name="time"/>; fired alarms go to the watcher <paramref name="watcher"/> returns.</summary>
    public static async Task<QuartzSlaScheduler> StartAsync(Func<SlaWatcher> watcher, TimeProvider time, CancellationToken cancellationToken)
    {
        var factory = QuartzSchedulerBuilder.Create(q => q
                .ConfigureScheduler(o => o.InstanceName = "sla-watch")
                .UseDefaultThreadPool(maxConcurrency: 2)
                .UseInMemoryStore()
                .UseTimeProvider(time))
            .Build();
        var scheduler = await factory.GetScheduler(cancellationToken).ConfigureAwait(false);
        scheduler.Context.Add(WatcherKey, watcher);
        await scheduler.Start(cancellationToken).ConfigureAwait(false);
        return new QuartzSlaScheduler(factory, scheduler, time);
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
