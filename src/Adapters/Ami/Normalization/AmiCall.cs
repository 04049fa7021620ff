namespace Middleware.Adapters.Ami.Normalization;

/// <summary>One call: every channel sharing a Linkedid (or chained by Uniqueid on old versions).</summary>
internal sealed class AmiCall(string callId, string originUniqueid, DateTimeOffset startedAt)
{
    public string CallId { get; } = callId;

    public string OriginUniqueid { get; } = originUniqueid;

    public DateTimeOffset StartedAt { get; set; } = startedAt;

    /// <summary>When a party answered (an agent, a callee, the far end of an originated call).</summary>
    public DateTimeOffset? AnsweredAt { get; set; }

    /// <summary>The PBX answered the caller itself (Answer(), Echo(), an IVR), which is no party's answer.</summary>
    public bool AnsweredByDialplan { get; set; }

    /// <summary>
    /// Placed by an Originate action (its first leg was created Down, with no caller calling in):
    /// the caller id and the number dialled come after the start (NewCallerid, the dialplan's exten).
    /// </summary>
    public bool Originated { get; init; }

    /// <summary>The caller number and dialled number as last told to the pipeline, so a change is told once.</summary>
    public string? CallerNumber { get; set; }

    public string? DialedNumber { get; set; }

    public DateTimeOffset LastActivityAt { get; set; } = startedAt;

    public HashSet<string> Channels { get; } = new(StringComparer.Ordinal);

    /// <summary>Number of each leg, kept after the leg hangs up, to say who ended the call.</summary>
    public Dictionary<string, string?> LegNumbers { get; } = new(StringComparer.Ordinal);

    /// <summary>Legs that rang a queue member.</summary>
    public HashSet<string> AgentLegs { get; } = new(StringComparer.Ordinal);

    public string? Queue { get; set; }

    public DateTimeOffset? QueuedAt { get; set; }

    public bool Dequeued { get; set; }

    public bool AnsweredInQueue { get; set; }

    /// <summary>
    /// A QueueCallerAbandon not yet told apart: app_queue sends it for a caller who hung up and for
    /// one whose queue timeout expired alike; QUEUESTATUS or the caller's hangup decides.
    /// </summary>
    public CallDequeued? PendingAbandon { get; set; }

    public string? HangupRequestedBy { get; set; }

    public string? FirstHungUp { get; set; }

    /// <summary>The Q.850 cause on the caller's own Hangup: the call's cause, whatever the legs torn down after it say.</summary>
    public int? CallerCause { get; set; }

    public string? AgentInterface { get; set; }

    public string? CompletionReason { get; set; }

    public bool Ended { get; set; }

    /// <summary>On hold (a Hold, or music on a bridged leg) until an Unhold or the music stops: one CallHeld per hold however many legs report it.</summary>
    public bool Held { get; set; }

    /// <summary>Seconds the caller has waited in the queue by <paramref name="at"/>; 0 when never queued.</summary>
    public double WaitSeconds(DateTimeOffset at) => QueuedAt is { } q ? Math.Round(Math.Max(0, (at - q).TotalSeconds), 3) : 0;
}
