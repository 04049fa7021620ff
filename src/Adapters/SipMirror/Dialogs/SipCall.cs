using Middleware.Adapters.SipMirror.Sdp;

namespace Middleware.Adapters.SipMirror.Dialogs;

/// <summary>What the tracker knows of one call (one SIP Call-ID): parties, dialog tags, timing, hold and media.</summary>
public sealed class SipCall(string sipCallId, string callId, DateTimeOffset startedAt)
{
    public string SipCallId { get; } = sipCallId;

    /// <summary>The middleware's call id (source prefix + Call-ID).</summary>
    public string CallId { get; } = callId;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public string? CallerTag { get; set; }

    public string? CalleeTag { get; set; }

    public string? CallerNumber { get; set; }

    public string? CalleeNumber { get; set; }

    public uint InviteCSeq { get; set; }

    public bool Ringing { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public DateTimeOffset LastSignalling { get; set; } = startedAt;

    public DateTimeOffset? LastMedia { get; set; }

    /// <summary>
    /// When the mirror last heard anything of the call (SIP or RTP), on the receiving clock: the
    /// one the timers run on. The capture agent's timestamps date the events; an agent whose clock
    /// is off, or a replayed stream, must not age calls (issue 16, item 4).
    /// </summary>
    public DateTimeOffset LastHeard { get; set; }

    /// <summary>The session interval an RFC 4028 session timer agreed on (Session-Expires), if any.</summary>
    public TimeSpan? SessionExpires { get; set; }

    /// <summary>The last session refresh (the 2xx of the INVITE or of a re-INVITE/UPDATE): on the capture clock and on the receiving clock.</summary>
    public (DateTimeOffset At, DateTimeOffset Heard) LastRefresh { get; set; }

    public SipParty? HeldBy { get; set; }

    public SdpSession? CallerSdp { get; set; }

    public SdpSession? CalleeSdp { get; set; }

    /// <summary>REFERs awaiting their response, by CSeq: who sent it and what it asked.</summary>
    public Dictionary<uint, (SipParty By, string Target, string? ReplacesCallId)> PendingRefers { get; } = [];

    /// <summary>Transactions already seen: retransmissions and second capture points are counted once.</summary>
    public HashSet<(string Method, uint CSeq, int Status, string? Tag)> Seen { get; } = [];

    public bool IsEnded => EndedAt is not null;

    public string? NumberOf(SipParty party) => party == SipParty.Caller ? CallerNumber : CalleeNumber;

    public DateTimeOffset LastActivity => LastMedia is { } media && media > LastSignalling ? media : LastSignalling;
}
