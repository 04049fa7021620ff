using Middleware.Enrichment.Routing;
using Middleware.Enrichment.Ticketing;

namespace Middleware.Host.Hosting;

/// <summary>
/// Builds the routing and ticketing enrichers and teaches them the journal's recent history at
/// start: handle time and resolution per agent and skill for the ranking, and who called when for
/// repeat callers, so a restart does not forget either.
/// </summary>
public static class DecisionsComposition
{
    public static async Task<IReadOnlyList<IEnricher>> EnrichersAsync(MiddlewareConfig config, IEventJournal journal, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var enrichers = new List<IEnricher>();
        QueueRoutingAdvisor? routing = null;
        HangupTicketDrafter? drafter = null;
        if (config.Routing.Enabled)
        {
            enrichers.Add(routing = new QueueRoutingAdvisor(config.Routing));
        }

        if (config.Ticketing.Enabled)
        {
            enrichers.Add(drafter = new HangupTicketDrafter(config.Ticketing, config.Privacy.Redactor())); // the excerpt is cut from raw transcript text
            if (config.Ticketing.CrmTarget is { } crmTarget)
            {
                enrichers.Add(new TicketWriter(crmTarget, config.Ticketing.UpdateOpenTicket));
            }
        }

        if (config.Qa.Enabled)
        {
            enrichers.Add(new Enrichment.Qa.QaEnricher(config.Qa));
        }

        var learnFor = new[] { routing is null ? TimeSpan.Zero : config.Routing.LearnFrom, drafter is null ? TimeSpan.Zero : config.Ticketing.RepeatWithin }.Max();
        if (learnFor > TimeSpan.Zero)
        {
            var now = time.GetUtcNow();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var calls = await JournalScan.CallsAsync(journal, now - learnFor, now, cancellationToken).ConfigureAwait(false);
            foreach (var call in calls.OrderBy(c => c.StartedAt))
            {
                if (drafter is not null && call.StartedAt >= now - config.Ticketing.RepeatWithin)
                {
                    drafter.Recent.Record(call.CallerNumber, call.StartedAt);
                }

                if (routing is not null && call is { Agent: { } agent, TalkSeconds: { } talk, EndedAt: not null } && call.StartedAt >= now - config.Routing.LearnFrom)
                {
                    var queue = call.Queue ?? "general";
                    routing.History.Record(agent, config.Routing.Skills.Queues.GetValueOrDefault(queue, queue), talk, resolved: call.Tickets == 0);
                }
            }

            logger.LogInformation("decisions: learned from {Calls} call(s) of the journal's last {Days:0.#} day(s) in {Ms} ms", calls.Count, learnFor.TotalDays, watch.ElapsedMilliseconds);
        }

        return enrichers;
    }

    /// <summary>
    /// The SLA watcher over a Quartz scheduler, with the journal's tickets, fired alarms and closed statuses of
    /// <c>ticketing.sla_watch.look_back</c> read back; null when off. The caller adds it to the enrichers, attaches
    /// the pipeline and calls <see cref="SlaWatcher.ReplanAsync"/> once the pipeline runs.
    /// </summary>
    public static async Task<(SlaWatcher Watcher, QuartzSlaScheduler Scheduler)?> SlaWatchAsync(MiddlewareConfig config, IEventJournal journal, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var ticketing = config.Ticketing;
        if (!ticketing.Enabled || !ticketing.SlaWatch.Enabled || ticketing.CrmTarget is not { } crmTarget)
        {
            return null;
        }

        SlaWatcher? watcher = null;
        var store = ticketing.SlaWatch.JobStore == SlaJobStore.Journal ? config.Journal : null;
        var scheduler = await QuartzSlaScheduler.StartAsync(() => watcher!, time, store, cancellationToken).ConfigureAwait(false);
        watcher = new SlaWatcher(ticketing.SlaWatch, crmTarget, scheduler);
        var history = new List<Core.Events.EventEnvelope>();
        await foreach (var entry in journal.ReadKindsAsync(watcher.Kinds, time.GetUtcNow() - ticketing.SlaWatch.LookBack, cancellationToken).ConfigureAwait(false))
        {
            history.Add(entry.Envelope);
        }

        watcher.Restore(history);
        logger.LogInformation("sla-watch: {Tickets} ticket(s) read back from the journal's last {Days:0.#} day(s)", watcher.Watching, ticketing.SlaWatch.LookBack.TotalDays);
        return (watcher, scheduler);
    }
}
