using Middleware.Core.Journal;

namespace Middleware.Enrichment.Analytics;

public static class JournalScan
{
    /// <summary>
    /// Events of calls that started in [from, to): the range plus a tail long enough for those
    /// calls to end (a call rarely lasts more than a few hours).
    /// </summary>
    public static async Task<IReadOnlyList<CallRecord>> CallsAsync(IEventJournal journal, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        CallRecords.Fold(await EventsAsync(journal, from, to, cancellationToken).ConfigureAwait(false), from, to);

    /// <summary>The events of [from, to) and the tail that lets its calls end; fold with a from/to filter on the call's start.</summary>
    public static async Task<List<EventEnvelope>> EventsAsync(IEventJournal journal, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var events = new List<EventEnvelope>();
        await foreach (var entry in journal.ReadRangeAsync(from, to + TimeSpan.FromHours(4), cancellationToken).ConfigureAwait(false))
        {
            events.Add(entry.Envelope);
        }

        return events;
    }

    /// <summary>Every event of the journal, in order, page by page.</summary>
    public static async IAsyncEnumerable<EventEnvelope> AllAsync(IEventJournal journal, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long position = 0;
        while (true)
        {
            var page = await journal.ReadAfterAsync(position, 10_000, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0)
            {
                yield break;
            }

            position = page[^1].Position;
            foreach (var entry in page)
            {
                yield return entry.Envelope;
            }
        }
    }
}
