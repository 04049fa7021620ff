namespace Middleware.Adapters.Crm.StatusReadBack;

/// <summary>
/// What the status poller knows of the tickets one CRM holds for the middleware: which tickets are ours
/// (the gate's journaled CreateTicket outcomes, the only record of the CRM's id), the call each belongs to,
/// and the last status and CRM updated_at seen for each. Learned from the journal at start and from the
/// pipeline as it runs (an enricher that emits nothing), so a restart neither repeats a change nor misses one.
/// </summary>
public sealed class TicketStatusBook(string crm, string initialStatus) : IEnricher
{
    private readonly Dictionary<string, Known> _tickets = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public string Name => $"ticket-status:{crm}";

    public IReadOnlyCollection<string> Kinds { get; } = [EventKinds.WriteBackCompleted, EventKinds.TicketStatusChanged];

    /// <summary>Tickets known to be this CRM's and the middleware's.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _tickets.Count;
            }
        }
    }

    /// <summary>Changes listed by the CRM for tickets that are not the middleware's (seeded, made by hand), since start.</summary>
    public long NotOurs { get; private set; }

    /// <summary>Reads back what the journal knows, in append order.</summary>
    public void Restore(IEnumerable<EventEnvelope> history)
    {
        foreach (var envelope in history)
        {
            Learn(envelope);
        }
    }

    public ValueTask EnrichAsync(EventEnvelope envelope, EnrichmentContext context, CancellationToken cancellationToken)
    {
        Learn(envelope);
        return ValueTask.CompletedTask;
    }

    /// <summary>The ticket's last known status (null when it is not one of ours).</summary>
    public string? StatusOf(string ticketId)
    {
        lock (_lock)
        {
            return _tickets.TryGetValue(ticketId, out var known) ? known.Status : null;
        }
    }

    public void Learn(EventEnvelope envelope)
    {
        lock (_lock)
        {
            switch (envelope.Payload)
            {
                // "Updated" results (a note on the caller's open ticket) name a ticket of ours too.
                case WriteBackCompleted { Action: "CreateTicket" } done when string.Equals(done.Target, crm, StringComparison.Ordinal)
                    && TicketResult.TryParse(done.Result, out var id, out _, out _):
                    _tickets.TryAdd(id, new Known(envelope.CallId, initialStatus, null));
                    break;
                case TicketStatusChanged status when string.Equals(status.Crm ?? crm, crm, StringComparison.Ordinal):
                    Record(status);
                    break;
            }
        }
    }

    /// <summary>
    /// Which of the listed tickets (oldest change first) changed status since last seen: one change per
    /// ticket and CRM updated_at. A listing seen before (same or older updated_at), a ticket touched without a
    /// new status and a ticket that is not ours give nothing. Nothing is marked seen here: the caller records
    /// each change once it is journaled (<see cref="Learn"/>), so a change that failed to publish comes again.
    /// </summary>
    /// <summary>
    /// Publishes each status change in <paramref name="listed"/> as a <see cref="TicketStatusChanged"/> from
    /// <paramref name="source"/> (journaled when the publish returns) and learns it; the poller and the webhook
    /// both tell what the CRM said this way. Returns how many were told.
    /// </summary>
    public async Task<int> TellAsync(IReadOnlyList<CrmTicketChange> listed, string via, string source, EventFactory factory, IEventPublisher publisher, CancellationToken cancellationToken)
    {
        var told = 0;
        foreach (var (callId, change) in Changes(listed, via))
        {
            var envelope = factory.Create(source, callId, change, occurredAt: change.ChangedAt);
            await publisher.PublishAsync(envelope, cancellationToken).ConfigureAwait(false);
            Learn(envelope);
            told++;
        }

        return told;
    }

    public IReadOnlyList<(string? CallId, TicketStatusChanged Change)> Changes(IReadOnlyList<CrmTicketChange> listed, string via)
    {
        var changes = new List<(string?, TicketStatusChanged)>();
        var pending = new Dictionary<string, (string Status, DateTimeOffset At)>(StringComparer.Ordinal); // a ticket listed twice
        lock (_lock)
        {
            foreach (var item in listed)
            {
                if (!_tickets.TryGetValue(item.Id, out var known))
                {
                    NotOurs++;
                    continue;
                }

                var (status, seenAt) = pending.TryGetValue(item.Id, out var p) ? (p.Status, p.At) : (known.Status, known.UpdatedAt);
                if (seenAt is { } seen && item.UpdatedAt <= seen)
                {
                    continue;
                }

                if (!string.Equals(status, item.Status, StringComparison.OrdinalIgnoreCase))
                {
                    changes.Add((known.CallId, new TicketStatusChanged(item.Id, item.Status, status, via, crm, item.UpdatedAt)));
                }

                pending[item.Id] = (item.Status, item.UpdatedAt);
            }

            // Touched without a new status: remember the time, so the same listing is not weighed again.
            foreach (var (id, (status, at)) in pending)
            {
                if (string.Equals(_tickets[id].Status, status, StringComparison.OrdinalIgnoreCase))
                {
                    _tickets[id].UpdatedAt = at;
                }
            }
        }

        return changes;
    }

    private void Record(TicketStatusChanged status)
    {
        if (_tickets.TryGetValue(status.TicketId, out var known) && (known.UpdatedAt is null || status.ChangedAt is null || status.ChangedAt >= known.UpdatedAt))
        {
            known.Status = status.Status;
            known.UpdatedAt = status.ChangedAt ?? known.UpdatedAt;
        }
    }

    private sealed class Known(string? callId, string status, DateTimeOffset? updatedAt)
    {
        public string? CallId { get; } = callId;

        public string Status { get; set; } = status;

        public DateTimeOffset? UpdatedAt { get; set; } = updatedAt;
    }
}
