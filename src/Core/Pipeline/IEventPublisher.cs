namespace Middleware.Core.Pipeline;

/// <summary>The way into the middleware: journal first, then process. Adapters and the write-back gate publish here.</summary>
public interface IEventPublisher
{
    /// <summary>Completes once the events are journaled (or shed, by policy) and queued for processing.</summary>
    ValueTask PublishBatchAsync(IReadOnlyList<EventEnvelope> batch, CancellationToken cancellationToken = default);

    ValueTask PublishAsync(EventEnvelope envelope, CancellationToken cancellationToken = default);
}
