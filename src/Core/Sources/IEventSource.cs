namespace Middleware.Core.Sources;

/// <summary>
/// Something the middleware listens to: an AMI session, a HEP listener, a capture interface, the
/// broker's command queue, the FastAGI server. The runtime starts, stops and reports every source
/// through this one contract. A source that cannot start (a missing interface, a port in use)
/// records why in its health and returns from <see cref="StartAsync"/>; it never stops the others.
/// </summary>
public interface IEventSource : IAsyncDisposable
{
    /// <summary>The configured instance name; also the <c>Source</c> of the events it publishes.</summary>
    string Name { get; }

    /// <summary>The protocol family, as health and metrics label it: ami, hep, capture, broker-commands, fastagi.</summary>
    string Protocol { get; }

    /// <summary>Begins listening or connecting in the background and returns.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Stops taking new input, hands what it already accepted to the pipeline, and returns.</summary>
    Task StopAsync(CancellationToken cancellationToken);

    /// <summary>Cheap to call (read by /health/ready and /metrics on every scrape).</summary>
    SourceHealth Health { get; }
}

/// <param name="Healthy">Connected, listening, or subscribed: able to deliver events now.</param>
/// <param name="Detail">One human line: counters, the address it listens on, or the last error.</param>
/// <param name="LastError">Why it last failed (start error, connection refused...), null when none.</param>
public sealed record SourceHealth(bool Healthy, string Detail, string? LastError = null);
