namespace Middleware.Core.CallState;

// Immutable views handed to queries (HTTP, CLI, enrichers on other threads).

public sealed record CallSnapshot(
    string CallId,
    string Source,
    CallPhase Phase,
    string? CallerNumber,
    string? CallerName,
    string? DialedNumber,
    CallDirection Direction,
    string? Queue,
    string? Agent,
    string? AgentName,
    DateTimeOffset StartedAt,
    DateTimeOffset? QueuedAt,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset? EndedAt,
    string? EndCause,
    HangupParty? HungUpBy,
    IReadOnlyList<string> Legs,
    int Holds,
    int Transfers,
    string Dtmf,
    string? SipCallId,
    bool Synthesized,
    IReadOnlyList<RoutingHint> Hints,
    IReadOnlyList<TranscriptSegment> Transcript,
    EmotionReading? Emotion,
    IntentDetected? Intent,
    IReadOnlyList<TicketDraft> Tickets,
    IReadOnlyList<QaFinding> QaFindings,
    IReadOnlyList<WriteBackStatus> WriteBacks,
    IReadOnlyList<MediaQuality>? Quality = null,
    string? JoinedCallId = null,
    string? JoinedBy = null,
    QaScored? Qa = null);

/// <summary>A write-back request and, once known, its outcome (completed, failed, skipped).</summary>
public sealed record WriteBackStatus(string RequestId, string Target, string Action, string Outcome, string? Detail);

public sealed record QueueSnapshot(
    string Name,
    int Waiting,
    double LongestWaitSeconds,
    int Completed,
    int Abandoned,
    double? ServiceLevelPercent,
    IReadOnlyList<string> Members,
    int IdleMembers,
    string? Strategy);

public sealed record AgentSnapshot(
    string Agent,
    string? Name,
    AgentState State,
    bool Paused,
    IReadOnlyList<string> Queues,
    string? CurrentCallId,
    int HandledToday,
    DateTimeOffset? IdleSince);
