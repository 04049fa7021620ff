namespace Middleware.Core.Events;

/// <summary>
/// One event as it travels and is journaled: identity, where and when it came from, which call
/// it belongs to, the typed payload and the raw bytes it was read from.
/// </summary>
public sealed record EventEnvelope
{
    public required EventId Id { get; init; }

    /// <summary>The adapter instance that produced it (a configured source name) or the enricher/gate.</summary>
    public required string Source { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public string? CallId { get; init; }

    public required CallCenterEvent Payload { get; init; }

    public RawSource? Raw { get; init; }

    /// <summary>Made up by the middleware to repair state (a resync after an outage), not heard live.</summary>
    public bool Synthesized { get; init; }

    /// <summary>The event that caused this one (derived events point at their trigger).</summary>
    public EventId? CausedBy { get; init; }

    public string Kind => Payload.Kind;

    /// <summary>What the pipeline partitions on: the call, else the agent or queue the event is about.</summary>
    public string PartitionKey => CallId ?? Payload switch
    {
        AgentStateChanged a => a.Agent,
        QueueStateChanged q => q.Queue,
        _ => Source,
    };
}

/// <summary>The bytes an event was parsed from, with the protocol that frames them (ami, sip, hep...).</summary>
public sealed record RawSource(string Format, ReadOnlyMemory<byte> Bytes)
{
    public static RawSource FromText(string format, string text) => new(format, System.Text.Encoding.UTF8.GetBytes(text));

    public string Text => System.Text.Encoding.UTF8.GetString(Bytes.Span);
}
