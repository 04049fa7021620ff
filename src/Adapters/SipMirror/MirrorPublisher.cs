using Middleware.Adapters.SipMirror.Dialogs;
using Polly;

namespace Middleware.Adapters.SipMirror;

/// <summary>
/// Publishes what a mirror source's processing loop produced, stamped with the source name and the
/// raw SIP each event came from. A journal that refuses is waited out as the AMI source waits it
/// out (<see cref="Backoff.WhileJournalRefuses"/>): the events are held while capture keeps queueing.
/// </summary>
internal sealed class MirrorPublisher
{
    private readonly string _source;
    private readonly IEventPublisher _publisher;
    private readonly EventFactory _factory;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _hold;

    public MirrorPublisher(string source, IEventPublisher publisher, EventFactory factory, ILogger logger)
    {
        (_source, _publisher, _factory, _logger) = (source, publisher, factory, logger);
        _hold = Backoff.WhileJournalRefuses(factory.Time, error =>
            logger.LogError("{Source}: events not journaled ({Error}); holding them and retrying", source, error?.Message));
    }

    /// <param name="stopping">Once the source is stopping, a journal that still refuses is tried once more and not
    /// waited for: what it refuses is reported as lost in the log instead of holding the shutdown forever.</param>
    public async Task PublishAsync(List<SipCallEvent> events, CancellationToken stopping)
    {
        if (events.Count == 0)
        {
            return;
        }

        var batch = events.Select(e => _factory.Create(_source, e.CallId, e.Payload, e.OccurredAt, e.Source is { } m ? new RawSource("sip", m.Raw) : null)).ToArray();
        if (!stopping.IsCancellationRequested)
        {
            try
            {
                // The append itself is never cancelled, only the waits between attempts (appends are idempotent by event id).
                await _hold.ExecuteAsync(async _ => await _publisher.PublishBatchAsync(batch).ConfigureAwait(false), stopping).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException)
            {
                // stopping while held: the last attempt below
            }
        }

        try
        {
            await _publisher.PublishBatchAsync(batch).ConfigureAwait(false);
        }
        catch (JournalAppendException ex)
        {
            _logger.LogCritical("{Source}: stopping with the journal refusing ({Error}); {Count} captured event(s) not journaled", _source, ex.Message, batch.Length);
        }
    }
}
