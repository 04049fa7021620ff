using System.Text.Json.Serialization;
namespace Middleware.Core.Events;

public enum AgentState { Unknown, LoggedOut, Idle, Ringing, Busy, OnHold, Paused, Unavailable, WrapUp }

/// <param name="Agent">Stable agent key (an Asterisk queue member interface, a SIP AOR).</param>
/// <param name="Change">What happened: added, removed, paused, unpaused, status, penalty, called, connected, completed, ring-no-answer.</param>
public sealed record AgentStateChanged(
    string Agent,
    string? AgentName,
    AgentState State,
    string? Queue,
    string Change,
    bool? Paused = null,
    string? Reason = null,
    int? Penalty = null,
    int? CallsTaken = null) : CallCenterEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.AgentStateChanged;
}

/// <param name="Change">params, summary, caller-joined, caller-left, caller-abandoned.</param>
public sealed record QueueStateChanged(
    string Queue,
    string Change,
    int? Waiting = null,
    int? LoggedIn = null,
    int? Available = null,
    double? LongestHoldSeconds = null,
    int? Completed = null,
    int? Abandoned = null,
    double? ServiceLevelPercent = null,
    string? Strategy = null) : CallCenterEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.QueueStateChanged;
}

/// <summary>One field of a source record, kept in the order the source sent it.</summary>
public readonly record struct SourceField(string Key, string Value);

/// <summary>A source record no mapping exists for: kept whole, never dropped.</summary>
public sealed record Unmapped(string Protocol, string Name, IReadOnlyList<SourceField> Fields) : CallCenterEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.Unmapped;
}

/// <summary>A span of time in which a source was not heard (disconnect to resync).</summary>
public sealed record SourceGap(DateTimeOffset From, DateTimeOffset To, string Reason) : CallCenterEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.SourceGap;
}

public sealed record SourceStatusChanged(string Status, string? Detail) : CallCenterEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.SourceStatusChanged;
}

/// <summary>Linear 16-bit PCM of one leg, little-endian; shed under overload and not journaled by default.</summary>
public sealed record AudioChunk(string Leg, DateTimeOffset StartedAt, int SampleRate, byte[] Pcm) : CallCenterEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.AudioChunk;
}

/// <summary>
/// How one leg's audio fared, from RTP sequence/timing or RTCP reports: what the mirror knows
/// about call quality. Leg is who spoke (caller or callee).
/// </summary>
/// <param name="Mos">An E-model (ITU-T G.107) estimate from codec, loss and jitter, 1 to 4.5.</param>
/// <param name="MeasuredFrom">"rtp" when the mirror saw the audio itself, "rtcp" when only the endpoints' reports.</param>
public sealed record MediaQuality(string Leg, string? Codec, long Packets, long Lost, double JitterMs, double Mos, string MeasuredFrom = "rtp") : CallCenterEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.MediaQuality;
}
