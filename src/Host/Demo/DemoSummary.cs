namespace Middleware.Host.Demo;

/// <summary>What the middleware understood of a set of calls, counted from the journal.</summary>
public sealed record DemoSummary(int Calls, int Answered, int Abandoned, int Transfers, int Holds, int Ended,
    int RoutingHints, int Tickets, int WriteBacksCompleted, int WriteBacksFailed, int WriteBacksSkipped, int Unmapped, int Events, int CallsWithDecision)
{
    public static DemoSummary From(IReadOnlyList<EventEnvelope> journal)
    {
        // PBX calls only: IVR sessions journal under their call's id too, and are summed apart (containment).
        var byCall = journal.Where(e => e.CallId is not null).GroupBy(e => e.CallId!).Where(c => c.Any(e => e.Payload is CallStarted)).ToList();
        int Count<T>() => journal.Count(e => e.Payload is T);
        return new DemoSummary(
            Calls: Count<CallStarted>(),
            Answered: byCall.Count(c => c.Any(e => e.Payload is AgentConnected or CallAnswered { ByDialplan: false })),
            Abandoned: journal.Count(e => e.Payload is CallDequeued { Reason: DequeueReason.Abandoned }),
            Transfers: Count<CallTransferred>(),
            Holds: Count<CallHeld>(),
            Ended: Count<CallEnded>(),
            RoutingHints: Count<RoutingHint>(),
            Tickets: Count<TicketDraft>(),
            WriteBacksCompleted: Count<WriteBackCompleted>(),
            WriteBacksFailed: Count<WriteBackFailed>(),
            WriteBacksSkipped: Count<WriteBackSkipped>(),
            Unmapped: Count<Unmapped>(),
            Events: journal.Count,
            CallsWithDecision: byCall.Count(c => c.Any(e => e.Payload is RoutingHint or TicketDraft or WriteBackRequested)));
    }
}
