namespace Middleware.Core.Pipeline;

/// <summary>
/// A plugin that looks at events of the kinds it subscribes to and emits derived events through
/// the context. It runs on the call's partition, so it sees one call's events in order; it must
/// not block for long (hand slow work to a background queue and emit later).
/// </summary>
public interface IEnricher
{
    string Name { get; }

    /// <summary>Event kinds this enricher wants; "*" for every kind.</summary>
    IReadOnlyCollection<string> Kinds { get; }

    ValueTask EnrichAsync(EventEnvelope envelope, EnrichmentContext context, CancellationToken cancellationToken);
}
