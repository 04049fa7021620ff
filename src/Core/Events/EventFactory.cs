namespace Middleware.Core.Events;

/// <summary>Stamps payloads into envelopes with ids and receive times from one clock.</summary>
public sealed class EventFactory(TimeProvider time, EventIdGenerator? ids = null)
{
    private readonly EventIdGenerator _ids = ids ?? new EventIdGenerator(time);

    public TimeProvider Time { get; } = time;

    public EventId NewId() => _ids.Next();

    public EventEnvelope Create(
        string source,
        string? callId,
        CallCenterEvent payload,
        DateTimeOffset? occurredAt = null,
        RawSource? raw = null,
        bool synthesized = false,
        EventId? causedBy = null)
    {
        var now = Time.GetUtcNow();
        return new EventEnvelope
        {
            Id = _ids.Next(),
            Source = source,
            OccurredAt = occurredAt ?? now,
            ReceivedAt = now,
            CallId = callId,
            Payload = payload,
            Raw = raw,
            Synthesized = synthesized,
            CausedBy = causedBy,
        };
    }

    /// <summary>
    /// A derived event about the same call as <paramref name="trigger"/>, caused by it. It occurs on
    /// the trigger's timeline (the source's clock) plus the time the middleware took, so a call's
    /// timeline stays in one clock even when the PBX's clock differs from ours.
    /// </summary>
    public EventEnvelope Derive(EventEnvelope trigger, string source, CallCenterEvent payload)
    {
        var took = Time.GetUtcNow() - trigger.ReceivedAt;
        var occurredAt = trigger.OccurredAt + (took > TimeSpan.Zero ? took : TimeSpan.Zero);
        return Create(source, trigger.CallId, payload, occurredAt, raw: null, causedBy: trigger.Id);
    }
}
