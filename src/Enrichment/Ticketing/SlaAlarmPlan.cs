namespace Middleware.Enrichment.Ticketing;

/// <summary>The two SLA alarms a ticket can raise.</summary>
public enum SlaAlarm
{
    Warning,
    Breached,
}

/// <summary>One alarm of one ticket and when it is due to fire.</summary>
public sealed record SlaAlarmSlot(string TicketId, SlaAlarm Alarm, DateTimeOffset FireAt);

/// <summary>What the SLA watcher knows about a ticket: its due time, how early to warn, whether it is closed
/// and which alarms the journal already records as fired (the journal, not the scheduler, is the truth
/// after a restart: a trigger that fired just before a crash must not fire again).</summary>
public sealed record SlaWatchState(
    string TicketId,
    DateTimeOffset DueAt,
    TimeSpan WarnBefore,
    bool Closed,
    IReadOnlySet<SlaAlarm> Fired);

/// <summary>What the watcher does for a ticket now: alarms to fire at once (their time has passed, e.g. while
/// the middleware was down) and alarms to schedule for later.</summary>
public sealed record SlaAlarmDecision(IReadOnlyList<SlaAlarmSlot> FireNow, IReadOnlyList<SlaAlarmSlot> Schedule);

/// <summary>Decides a ticket's SLA alarms from its state and the current time. Pure, so the scheduler jobs, the
/// start-up re-check and the tests all go through the same rules.</summary>
public static class SlaAlarmPlan
{
    private static readonly SlaAlarmDecision Nothing = new([], []);

    public static SlaAlarmDecision Decide(SlaWatchState ticket, DateTimeOffset now)
    {
        // A closed or resolved ticket met (or no longer owes) its SLA: nothing fires, nothing stays scheduled.
        if (ticket.Closed)
        {
            return Nothing;
        }

        var fireNow = new List<SlaAlarmSlot>(2);
        var schedule = new List<SlaAlarmSlot>(2);
        var breach = new SlaAlarmSlot(ticket.TicketId, SlaAlarm.Breached, ticket.DueAt);

        // A warning whose moment passed after the due time too is pointless next to the breach: skip it rather
        // than raise a late "due soon" for a ticket that is already overdue.
        if (!ticket.Fired.Contains(SlaAlarm.Warning) && ticket.WarnBefore > TimeSpan.Zero && now < ticket.DueAt)
        {
            var warning = new SlaAlarmSlot(ticket.TicketId, SlaAlarm.Warning, ticket.DueAt - ticket.WarnBefore);
            (warning.FireAt <= now ? fireNow : schedule).Add(warning);
        }

        if (!ticket.Fired.Contains(SlaAlarm.Breached))
        {
            (breach.FireAt <= now ? fireNow : schedule).Add(breach);
        }

        return new SlaAlarmDecision(fireNow, schedule);
    }
}
