using Middleware.Core.Events;
using Middleware.Core.Pipeline;

namespace Middleware.Enrichment.Ticketing;

/// <summary><c>ticketing.sla_watch</c>: raise SlaWarning / SlaBreached for open tickets the CRM created.</summary>
public sealed class SlaWatchOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>How long before a ticket's due time its SlaWarning is raised; 0 raises breaches only.</summary>
    public TimeSpan WarningBefore { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How far back the journal is read at start for tickets still open (their CreateTicket outcomes).</summary>
    public TimeSpan LookBack { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Where the scheduler keeps waiting alarms: in the journal's database (they survive a restart) or in memory.</summary>
    public SlaJobStore JobStore { get; set; } = SlaJobStore.Journal;
}

public enum SlaJobStore
{
    /// <summary>Quartz's persistent store in the journal's own database (SQLite file or PostgreSQL), its tables created if missing.</summary>
    Journal,

    /// <summary>Quartz's in-memory store: the journal's records alone re-plan the alarms at start.</summary>
    Memory,
}

/// <summary>Where the watcher's future alarms wait (Quartz in the host); a fired alarm calls <see cref="SlaWatcher.FireAsync"/>.</summary>
public interface ISlaAlarmScheduler
{
    Task ScheduleAsync(SlaAlarmSlot slot, CancellationToken cancellationToken);

    /// <summary>Drops the ticket's waiting alarms (closed or resolved before due).</summary>
    Task CancelAsync(string ticketId, CancellationToken cancellationToken);
}

/// <summary>
/// Watches the SLA of tickets the CRM created. It learns a ticket from the gate's journaled CreateTicket
/// outcome (the only record of the CRM's id and the tier's due time), schedules its alarms, and when one
/// fires publishes SlaWarning / SlaBreached into the pipeline; seeing that event it asks the gate for a
/// CRM note on the ticket, so the note is journaled, moded and allow-listed like every write-back.
/// The journal is the truth after a restart: <see cref="Restore"/> reads the tickets, the alarms already
/// fired and the closed statuses back, and <see cref="ReplanAsync"/> fires what fell due while down, once.
/// </summary>
public sealed class SlaWatcher(SlaWatchOptions options, string crmTarget, ISlaAlarmScheduler scheduler) : IEnricher
{
    /// <summary>Statuses after which a ticket no longer owes its SLA.</summary>
    public static readonly IReadOnlySet<string> ClosedStatuses = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "closed", "resolved", "cancelled", "done" };

    private readonly Dictionary<string, Watched> _tickets = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private IEventPublisher? _publisher;
    private EventFactory? _factory;

    public string Name => "sla-watch";

    public IReadOnlyCollection<string> Kinds { get; } = [EventKinds.WriteBackCompleted, EventKinds.SlaWarning, EventKinds.SlaBreached, EventKinds.TicketStatusChanged];

    /// <summary>Tickets watched (open or closed) since start, for the log.</summary>
    public int Watching
    {
        get
        {
            lock (_lock)
            {
                return _tickets.Count;
            }
        }
    }

    /// <summary>Where fired alarms are published: the pipeline, once it exists (it is built over the enrichers).</summary>
    public void Attach(IEventPublisher publisher, EventFactory factory)
    {
        _publisher = publisher;
        _factory = factory;
    }

    /// <summary>Reads back what the journal knows (in append order): tickets created, alarms fired, statuses.</summary>
    public void Restore(IEnumerable<EventEnvelope> history)
    {
        foreach (var envelope in history)
        {
            Learn(envelope);
        }
    }

    /// <summary>At start: fires the alarms whose time passed while down (not those the journal records as fired)
    /// and schedules the rest. Returns how many alarms fired now.</summary>
    public async Task<int> ReplanAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        List<(Watched Ticket, SlaAlarmDecision Decision)> plans;
        lock (_lock)
        {
            plans = _tickets.Values.Select(t => (t, SlaAlarmPlan.Decide(t.State(options.WarningBefore), now))).ToList();
        }

        var fired = 0;
        foreach (var (_, decision) in plans)
        {
            foreach (var slot in decision.FireNow)
            {
                fired += await FireAsync(slot, cancellationToken).ConfigureAwait(false) ? 1 : 0;
            }

            foreach (var slot in decision.Schedule)
            {
                await scheduler.ScheduleAsync(slot, cancellationToken).ConfigureAwait(false);
            }
        }

        return fired;
    }

    /// <summary>A scheduled alarm is due: publishes its event unless the ticket closed or the alarm already fired
    /// (a trigger and the start-up re-plan may both reach here). True when it published.</summary>
    public async Task<bool> FireAsync(SlaAlarmSlot slot, CancellationToken cancellationToken)
    {
        if (_publisher is null || _factory is null || !TryClaim(slot, out var callId, out var payload))
        {
            return false;
        }

        await _publisher.PublishAsync(_factory.Create(Name, callId, payload), cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Marks the alarm fired and returns its event, unless the ticket is unknown, closed or the alarm fired.</summary>
    private bool TryClaim(SlaAlarmSlot slot, out string? callId, out DerivedEvent payload)
    {
        lock (_lock)
        {
            callId = null;
            payload = null!;
            if (!_tickets.TryGetValue(slot.TicketId, out var ticket) || ticket.Closed || !ticket.Fired.Add(slot.Alarm))
            {
                return false;
            }

            callId = ticket.CallId;
            payload = slot.Alarm == SlaAlarm.Warning ? new SlaWarning(ticket.TicketId, ticket.DueAt, options.WarningBefore) : new SlaBreached(ticket.TicketId, ticket.DueAt);
            return true;
        }
    }

    public async ValueTask EnrichAsync(EventEnvelope envelope, EnrichmentContext context, CancellationToken cancellationToken)
    {
        switch (Learn(envelope))
        {
            case Learned.Created:
                TicketResult.TryParse(((WriteBackCompleted)envelope.Payload).Result, out var ticketId, out _, out _);
                var decision = SlaAlarmPlan.Decide(Snapshot(ticketId), context.Time.GetUtcNow());
                foreach (var slot in decision.FireNow)
                {
                    // Created already overdue (a CRM outage outlasting the SLA): emitted on this call's lane, in order.
                    if (TryClaim(slot, out _, out var payload))
                    {
                        context.Emit(payload);
                    }
                }

                foreach (var slot in decision.Schedule)
                {
                    await scheduler.ScheduleAsync(slot, cancellationToken).ConfigureAwait(false);
                }

                break;
            case Learned.Closed:
                await scheduler.CancelAsync(((TicketStatusChanged)envelope.Payload).TicketId, cancellationToken).ConfigureAwait(false);
                break;
            case Learned.Alarm:
                RequestNote(envelope.Payload, context);
                break;
        }
    }

    private void RequestNote(CallCenterEvent alarm, EnrichmentContext context)
    {
        var (ticketId, text) = alarm switch
        {
            SlaWarning w => (w.TicketId, $"SLA warning: due {w.DueAt:u}, {w.WarnBefore.TotalMinutes:0} min left and the ticket is still open."),
            SlaBreached b => (b.TicketId, $"SLA breached: the ticket was due {b.DueAt:u} and is still open."),
            _ => (null, null),
        };
        if (ticketId is not null)
        {
            context.RequestWriteBack(crmTarget, "AddNote", new Dictionary<string, string> { ["ticketId"] = ticketId, ["text"] = text! }, $"{alarm.Kind} on ticket {ticketId}");
        }
    }

    private SlaWatchState Snapshot(string ticketId)
    {
        lock (_lock)
        {
            return _tickets[ticketId].State(options.WarningBefore);
        }
    }

    private enum Learned
    {
        Nothing,
        Created,
        Closed,
        Alarm,
    }

    private Learned Learn(EventEnvelope envelope)
    {
        lock (_lock)
        {
            switch (envelope.Payload)
            {
                // An "updated" result is a note on the caller's open ticket, which is already watched.
                case WriteBackCompleted { Action: "CreateTicket" } done when string.Equals(done.Target, crmTarget, StringComparison.Ordinal)
                    && TicketResult.TryParse(done.Result, out var id, out var updated, out var due) && !updated && due is { } dueAt:
                    return _tickets.TryAdd(id, new Watched(id, envelope.CallId, dueAt)) ? Learned.Created : Learned.Nothing;
                case TicketStatusChanged status when ClosedStatuses.Contains(status.Status):
                    if (_tickets.TryGetValue(status.TicketId, out var closing))
                    {
                        closing.Closed = true;
                    }

                    return Learned.Closed;
                case SlaWarning w:
                    Mark(w.TicketId, SlaAlarm.Warning);
                    return Learned.Alarm;
                case SlaBreached b:
                    Mark(b.TicketId, SlaAlarm.Breached);
                    return Learned.Alarm;
                default:
                    return Learned.Nothing;
            }
        }
    }

    private void Mark(string ticketId, SlaAlarm alarm)
    {
        if (_tickets.TryGetValue(ticketId, out var ticket))
        {
            ticket.Fired.Add(alarm);
        }
    }

    private sealed class Watched(string ticketId, string? callId, DateTimeOffset dueAt)
    {
        public string TicketId { get; } = ticketId;

        public string? CallId { get; } = callId;

        public DateTimeOffset DueAt { get; } = dueAt;

        public bool Closed { get; set; }

        public HashSet<SlaAlarm> Fired { get; } = [];

        public SlaWatchState State(TimeSpan warnBefore) => new(TicketId, DueAt, warnBefore, Closed, Fired.ToHashSet());
    }
}
