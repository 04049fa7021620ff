using Middleware.Enrichment.Dialer;
using Middleware.Enrichment.Dialer.Campaigns;
using Quartz;

namespace Middleware.Host.Hosting;

/// <summary>
/// dialer.campaigns on a Quartz.NET scheduler (the SLA watcher's pattern, <see cref="QuartzSlaScheduler"/>):
/// per campaign one cron trigger that starts it and one that stops it, in the campaign's zone, on the
/// runtime's clock. A campaign whose hours are under way at launch (its next stop comes before its next
/// start) starts at once. The dialing itself is <see cref="CampaignDesk"/>'s.
/// </summary>
public sealed class CampaignComposition : IAsyncDisposable
{
    private const string DeskKey = "campaign-desk";
    private readonly StandaloneSchedulerFactory _factory;
    private readonly IScheduler _scheduler;

    private CampaignComposition(CampaignDesk desk, StandaloneSchedulerFactory factory, IScheduler scheduler)
    {
        Desk = desk;
        _factory = factory;
        _scheduler = scheduler;
    }

    public CampaignDesk Desk { get; }

    /// <summary>The campaigns' desk (an enricher for the pipeline), or null when the config has none. <see cref="StartAsync"/> schedules them once the pipeline runs.</summary>
    public static CampaignDesk? DeskFor(MiddlewareConfig config, IReadOnlyList<Adapters.Ami.Client.AmiSource> amiSources, IEventJournal journal, TimeProvider time) =>
        config.Dialer.Campaigns.Count == 0 ? null
            : new CampaignDesk(config.Dialer.Campaigns, c => c.Target ?? config.Sources.Ami[0].Name,
                target => amiSources.FirstOrDefault(s => s.Name == target)?.Health.Healthy == true, time, TimeSpan.FromMilliseconds(100), journal);

    /// <summary>Attaches the desk to the pipeline, starts the campaigns already inside their hours, and schedules every start and stop.</summary>
    public static async Task<CampaignComposition> StartAsync(CampaignDesk desk, EventPipeline pipeline, EventFactory factory, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        desk.Attach(pipeline, factory);
        var schedulers = QuartzSchedulerBuilder.Create(q => q
                .ConfigureScheduler(o => o.InstanceName = "campaigns")
                .UseDefaultThreadPool(maxConcurrency: 2)
                .UseInMemoryStore()
                .UseTimeProvider(time))
            .Build();
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        scheduler.Context.Add(DeskKey, desk);
        var now = time.GetUtcNow();
        foreach (var campaign in desk.Campaigns)
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(campaign.TimeZone);
            var (start, stop) = (Cron(campaign.Start, zone), Cron(campaign.Stop, zone));
            if (stop.GetNextValidTimeAfter(now) < start.GetNextValidTimeAfter(now))
            {
                await desk.StartAsync(campaign.Name, $"launched inside its hours ({campaign.Start} to {campaign.Stop}, {campaign.TimeZone})", cancellationToken).ConfigureAwait(false);
            }

            foreach (var (edge, cron) in new[] { ("start", campaign.Start), ("stop", campaign.Stop) })
            {
                var job = JobBuilder.Create<CampaignEdgeJob>().WithIdentity(edge, campaign.Name)
                    .UsingJobData("campaign", campaign.Name).UsingJobData("edge", edge).UsingJobData("at", $"{edge} at {cron} ({campaign.TimeZone})").Build();
                var trigger = TriggerBuilder.Create(time).WithIdentity(edge, campaign.Name).StartAt(now)
                    .WithSchedule(CronScheduleBuilder.Create(Cron(cron, zone)).InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
                    .Build();
                await scheduler.ScheduleJob(job, trigger, cancellationToken: cancellationToken).ConfigureAwait(false);
                logger.LogInformation("campaign {Campaign}: {Edge} next at {At:u}", campaign.Name, edge, trigger.GetFireTimeAfter(now));
            }
        }

        await scheduler.Start(cancellationToken).ConfigureAwait(false);
        return new CampaignComposition(desk, schedulers, scheduler);
    }

    /// <summary>When the campaign next starts and stops (null: not scheduled), for the API.</summary>
    public async Task<(DateTimeOffset? Start, DateTimeOffset? Stop)> NextAsync(string campaign, CancellationToken cancellationToken)
    {
        var start = await _scheduler.GetTrigger(new TriggerKey("start", campaign), cancellationToken).ConfigureAwait(false);
        var stop = await _scheduler.GetTrigger(new TriggerKey("stop", campaign), cancellationToken).ConfigureAwait(false);
        return (start?.NextFireTimeUtc, stop?.NextFireTimeUtc);
    }

    /// <summary>
    /// A start or stop written "HH:mm" (every day at that time), as a Unix crontab line (five fields, "0 9 * * 1-5")
    /// or as a Quartz cron expression (seconds first, "0 0 9 ? * MON-FRI"); null when it is one, else Quartz's reason.
    /// </summary>
    public static string? CronProblem(string text)
    {
        try
        {
            _ = Cron(text, TimeZoneInfo.Utc);
            return null;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            return $"'{text}' is neither HH:mm nor a cron expression (Unix \"0 9 * * 1-5\" or Quartz \"0 0 9 ? * MON-FRI\"): {ex.Message}";
        }
    }

    private static CronExpression Cron(string text, TimeZoneInfo zone)
    {
        text = text.Trim();
        var expression = TimeOnly.TryParseExact(text, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? CronExpression.Parse($"0 {at.Minute} {at.Hour} ? * *")
            : CronExpression.Parse(text, text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 5 ? CronFormat.Unix : CronFormat.Quartz);
        return expression.WithTimeZone(zone);
    }

    /// <summary>Stops the scheduler (no edge fires into a draining pipeline), then the dialers' ticking.</summary>
    public async ValueTask DisposeAsync()
    {
        await _scheduler.Shutdown(waitForJobsToComplete: true).ConfigureAwait(false);
        await _factory.DisposeAsync().ConfigureAwait(false);
        await Desk.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>A campaign's start or stop time came: hands it to the desk.</summary>
    internal sealed class CampaignEdgeJob : IJob
    {
        public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
        {
            var data = context.MergedJobDataMap;
            var desk = (CampaignDesk)context.Scheduler.Context[DeskKey]!;
            var (campaign, why) = (data.GetString("campaign")!, data.GetString("at")!);
            _ = data.GetString("edge") == "start"
                ? await desk.StartAsync(campaign, why, cancellationToken).ConfigureAwait(false)
                : await desk.StopAsync(campaign, why, cancellationToken).ConfigureAwait(false);
        }
    }
}
