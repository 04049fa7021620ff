namespace Middleware.Core.Journal;

/// <summary>One caller's events waiting for the next group commit.</summary>
internal sealed class PendingAppend(IReadOnlyList<EventEnvelope> events)
    : TaskCompletionSource<IReadOnlyList<AppendResult>>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public IReadOnlyList<EventEnvelope> Events { get; } = events;

    public AppendResult[] Results { get; } = new AppendResult[events.Count];
}
