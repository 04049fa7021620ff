namespace Middleware.Core.Events;

// The normalized signalling of one call, whatever protocol it was read from.

public enum CallDirection { Unknown, Inbound, Outbound, Internal }

public enum DequeueReason { Answered, Abandoned, Timeout, Left }

public enum TransferKind { Blind, Attended }

/// <summary>Which side released the call.</summary>
public enum HangupParty { Unknown, Caller, Callee, Agent, System }

/// <param name="Channel">The source's name for the first leg (an Asterisk channel, a SIP dialog).</param>
/// <param name="SipCallId">The SIP Call-ID when the source exposes it; used to join the AMI and SIP views.</param>
public sealed record CallStarted(
    string? CallerNumber,
    string? CallerName,
    string? DialedNumber,
    CallDirection Direction,
    string? Channel = null,
    string? SipCallId = null) : CallCenterEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.CallStarted;
}

/// <summary>
/// What the source learned about a call after it started: the caller id the dialplan or an
/// Originate set (AMI NewCallerid), the number the call goes to once the dialplan runs, the SIP
/// Call-ID the dialplan exposed. Null fields are unchanged.
/// </summary>
/// <param name="SipCallId">A SIP Call-ID of one of the call's legs, for joining the mirror's view of that leg.</param>
public sealed record CallDetailsChanged(
    string? CallerNumber = null,
    string? CallerName = null,
    string? DialedNumber = null,
    CallDirection? Direction = null,
    string? SipCallId = null) : CallCenterEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.CallDetailsChanged;
}

public sealed record CallRinging(string? Number, string? Channel = null) : CallCenterEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.CallRinging;
}

/// <param name="ByDialplan">
/// The PBX itself answered (Answer(), Echo(), an IVR before the queue): the call is up, but no
/// party has taken it yet; a party's answer follows as another CallAnswered or AgentConnected.
/// </param>
public sealed record CallAnswered(string? AnsweredBy, string? Channel = null, bool ByDialplan = false) : CallCenterEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.CallAnswered;
}

public sealed record CallQueued(string Queue, int Position, int Waiting) : CallCenterEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.CallQueued;
}

public sealed record CallDequeued(string Queue, DequeueReason Reason, double WaitSeconds, int? Position = null) : CallCenterEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.CallDequeued;
}

public sealed record AgentRinging(string Agent, string? AgentName, string? Queue, double? RingSeconds = null) : CallCenterEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.AgentRinging;
}

public sealed record AgentConnected(string Agent, string? AgentName, string? Queue, double? WaitSeconds, double? RingSeconds) : CallCenterEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.AgentConnected;
}

public sealed record CallHeld(string? Party, string? Channel = null) : CallCenterEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.CallHeld;
}

public sealed record CallResumed(string? Party, string? Channel = null) : CallCenterEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.CallResumed;
}

/// <param name="TargetCallId">For an attended transfer, the call the transferee was joined with.</param>
public sealed record CallTransferred(TransferKind Transfer, string? Target, string? TransferredBy, string? TargetCallId = null, string? Result = null) : CallCenterEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.CallTransferred;
}

/// <param name="Party">Who pressed the key: the caller, or the agent (or other party) the caller talks to; Unknown when the source cannot tell.</param>
public sealed record DtmfReceived(string Digit, string? Direction, int? DurationMs, string? Channel = null, Speaker Party = Speaker.Unknown) : CallCenterEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.DtmfReceived;
}

/// <param name="Cause">A readable cause (normal-clearing, busy, no-answer, abandoned, unknown-during-outage...).</param>
/// <param name="CauseCode">The source's numeric cause (Q.850 for Asterisk and SIP) when there is one.</param>
/// <param name="TalkSeconds">Seconds from answer to end; null when never answered.</param>
public sealed record CallEnded(
    string Cause,
    int? CauseCode,
    double DurationSeconds,
    double? TalkSeconds,
    HangupParty HungUpBy,
    string? HungUpByNumber = null) : CallCenterEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.CallEnded;
}
