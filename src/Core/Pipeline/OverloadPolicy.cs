namespace Middleware.Core.Pipeline;

/// <summary>What happens to an event when its call's partition queue is full.</summary>
public enum OverloadPolicy
{
    /// <summary>The publisher waits: signalling is never dropped (backpressure reaches the socket).</summary>
    Block,

    /// <summary>The event is dropped and counted per kind: for audio, where late is as bad as lost.</summary>
    Shed,
}

/// <summary>How the pipeline treats one event kind.</summary>
public sealed record KindPolicy(OverloadPolicy Overload, bool Journal);
