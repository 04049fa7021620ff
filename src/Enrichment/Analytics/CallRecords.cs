namespace Middleware.Enrichment.Analytics;

/// <summary>The journal's events of each call folded into its <see cref="CallRecord"/>.</summary>
public static class CallRecords
{
    /// <summary>Folds events (in journal order) into one record per call that started in [from, to).</summary>
    public static IReadOnlyList<CallRecord> Fold(IEnumerable<EventEnvelope> events, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        var records = new List<CallRecord>();
        foreach (var call in events.Where(e => e.CallId is not null).GroupBy(e => e.CallId!))
        {
            var started = call.FirstOrDefault(e => e.Payload is CallStarted);
            if (started is null || (from is { } f && started.OccurredAt < f) || (to is { } t && started.OccurredAt >= t))
            {
                continue;
            }

            var s = (CallStarted)started.Payload;
            var payloads = call.Select(e => e.Payload).ToList();
            var dequeued = payloads.OfType<CallDequeued>().FirstOrDefault();
            var connected = payloads.OfType<AgentConnected>().LastOrDefault();
            var ended = call.FirstOrDefault(e => e.Payload is CallEnded);
            var end = ended?.Payload as CallEnded;
            var intent = payloads.OfType<IntentDetected>().LastOrDefault();
            var emotions = payloads.OfType<EmotionReading>().ToList();
            var worst = emotions.OrderBy(e => e.Valence).FirstOrDefault();
            records.Add(new CallRecord(
                call.Key,
                started.Source,
                started.OccurredAt,
                ended?.OccurredAt,
                s.CallerNumber,
                s.CallerName,
                payloads.OfType<CallQueued>().FirstOrDefault()?.Queue,
                connected is not null || payloads.OfType<CallAnswered>().Any(a => !a.ByDialplan),
                dequeued?.Reason == DequeueReason.Abandoned,
                dequeued?.WaitSeconds,
                end?.TalkSeconds,
                connected?.Agent,
                connected?.AgentName,
                end?.Cause,
                intent?.Category ?? intent?.Intent ?? payloads.OfType<TicketDraft>().FirstOrDefault()?.Category,
                worst?.Emotion,
                worst?.Valence,
                payloads.OfType<CallTransferred>().Count(),
                payloads.OfType<CallHeld>().Count(),
                payloads.OfType<RoutingHint>().Count(),
                payloads.OfType<TicketDraft>().Count()));
        }

        return records.OrderBy(r => r.StartedAt).ToList();
    }
}
