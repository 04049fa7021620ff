namespace Middleware.Core.Pipeline;

/// <summary>
/// Where processed events leave the pipeline (console, dashboard, broker...). Like an enricher it
/// declares the kinds it wants, so a sink that cannot use an event (a browser and 16 KB of PCM a
/// second per leg) is never handed it.
/// </summary>
public interface IEventSink
{
    string Name { get; }

    /// <summary>Event kinds this sink wants; "*" for every kind.</summary>
    IReadOnlyCollection<string> Kinds { get; }

    ValueTask OnEventAsync(EventEnvelope envelope, CancellationToken cancellationToken);
}
