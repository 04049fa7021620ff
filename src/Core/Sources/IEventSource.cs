using Middleware.Core.Pipeline;

namespace Middleware.Core.Sources;

/// <summary>
/// Something the middleware listens to: an AMI session, a HEP listener, a capture interface, the
/// broker's command queue, the FastAGI server. The runtime starts, stops and reports every source
/// through this one contract. A source that cannot start (a missing interface, a port in use)
/// records why in its health and returns from <see cref="StartAsync"/>; it never stops the others.
/// </summary>
/// <remarks>
/// The publisher is handed over at start, not at construction: an AMI source is also the way
/// write-backs reach its PBX, so it is built before the write-back gate and the pipeline that
/// publishes through the gate, and only then given that pipeline to publish into.
/// </remarks>
public interface IEventSource : IAsyncDisposable
{
    /// <summary>The configured instance name; also the <c>Source</c> of the events it publishes.</summary>
    string Name { get; }

    /// <summary>The protocol family, as health and metrics label it: ami, hep, capture, broker-commands, fastagi.</summary>
    string Protocol { get; }

    /// <summary>Begins listening or connecting in the background, publishing what it hears into <paramref name="publisher"/>, and returns.</summary>
    Task StartAsync(IEventPublisher publisher, CancellationToken cancellationToken);

    /// <summary>Stops taking new input, hands what it already accepted to the pipeline, and returns. Safe to call twice.</summary>
    Task StopAsync(CancellationToken cancellationToken);

    /// <summary>Cheap to call (read by /health/ready and /metrics on every scrape).</summary>
    SourceHealth Health { get; }
}
