namespace Middleware.Core.WriteBack;

/// <summary>
/// Which journaled write-back requests never got their outcome: the process stopped (or crashed)
/// between journaling the request and journaling what became of it. The journal holds both halves,
/// so this is a fold over it, not state kept elsewhere.
/// </summary>
public static class UnfinishedWriteBacks
{
    /// <summary>How far back a start looks: a request older than a week is history, not work left over.</summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromDays(7);

    private static readonly string[] Kinds =
        [EventKinds.WriteBackRequested, EventKinds.WriteBackCompleted, EventKinds.WriteBackFailed, EventKinds.WriteBackSkipped];

    /// <summary>The requests since <paramref name="since"/> without an outcome, in journal order.</summary>
    public static async Task<IReadOnlyList<EventEnvelope>> FindAsync(IEventJournal journal, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var requested = new Dictionary<string, JournalEntry>(StringComparer.Ordinal);
        await foreach (var entry in journal.ReadKindsAsync(Kinds, since, cancellationToken).ConfigureAwait(false))
        {
            switch (entry.Envelope.Payload)
            {
                case WriteBackRequested r:
                    requested[r.RequestId] = entry;
                    break;
                case WriteBackOutcome o:
                    requested.Remove(o.RequestId);
                    break;
            }
        }

        return requested.Values.OrderBy(e => e.Position).Select(e => e.Envelope).ToList();
    }
}
