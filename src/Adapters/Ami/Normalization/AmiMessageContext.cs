using Middleware.Adapters.Ami.Protocol;

namespace Middleware.Adapters.Ami.Normalization;

/// <summary>
/// One AMI message on its way through the mappers: the message, when it happened (the PBX's clock),
/// when it reached us (ours: what freshness against a resync is judged by) and the list its domain
/// events go to. Passed by <c>in</c> so that no mapper keeps per-message state in fields.
/// </summary>
/// <param name="Message">Null for events made up by a resync with no message behind them.</param>
/// <param name="CallIdPrefix">Prepended to every call id (the source name), so two PBXs' Linkedids never collide.</param>
internal readonly record struct AmiMessageContext(
    AmiMessage? Message,
    DateTimeOffset At,
    DateTimeOffset HeardAt,
    List<NormalizedEvent> Output,
    string CallIdPrefix)
{
    /// <summary>The message, for mappers that only run on a live event (never on a resync's made-up ones).</summary>
    public AmiMessage Live => Message!;

    /// <summary>A synthesized event carries no source message: nothing on the wire said it.</summary>
    public void Emit(string? callId, CallCenterEvent payload, bool synthesized = false) =>
        Output.Add(new NormalizedEvent(callId is null ? null : CallIdPrefix + callId, payload, At, synthesized, synthesized ? null : Message));

    /// <summary>The same moment, reading another message (a snapshot's rows during a resync).</summary>
    public AmiMessageContext Reading(AmiMessage message) => this with { Message = message };
}
