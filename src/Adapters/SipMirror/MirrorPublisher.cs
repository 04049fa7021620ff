using Microsoft.Extensions.Logging;
using Middleware.Adapters.SipMirror.Dialogs;
using Middleware.Core.Events;
using Middleware.Core.Journal;
using Middleware.Core.Pipeline;

namespace Middleware.Adapters.SipMirror;

/// <summary>
/// Publishes what a mirror source's processing loop produced, stamped with the source name and the
/// raw SIP each event came from. A journal that refuses is waited out: the events are held (the
/// capture keeps queueing behind them) and retried with backoff, never dropped.
/// </summary>
internal sealed class MirrorPublisher(string source, IEventPublisher publisher, EventFactory factory, ILogger logger)
{
    private readonly List<EventEnvelope> _envelopes = [];

    /// <param name="stopping">Once the source is stopping, a journal that still refuses is not waited for: the events are
    /// reported as lost in the log instead of holding the shutdown forever.</param>
    public async Task PublishAsync(List<SipCallEvent> events, CancellationToken stopping)
    {
        if (events.Count == 0)
        {
            return;
        }

        _envelopes.Clear();
        foreach (var e in events)
        {
            _envelopes.Add(factory.Create(source, e.CallId, e.Payload, e.OccurredAt, e.Source is { } m ? new RawSource("sip", m.Raw) : null));
        }

        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                await publisher.PublishBatchAsync(_envelopes.ToArray()).ConfigureAwait(false);
                return;
            }
            catch (JournalAppendException ex) when (stopping.IsCancellationRequested)
            {
                logger.LogCritical("{Source}: stopping with the journal refusing ({Error}); {Count} captured event(s) not journaled", source, ex.Message, _envelopes.Count);
                return;
            }
            catch (JournalAppendException ex)
            {
                logger.LogError("{Source}: events not journaled ({Error}); holding them and retrying", source, ex.Message);
                try
                {
                    await Task.Delay(delay, factory.Time, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // stopping: one last attempt above, then give up
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }
}
