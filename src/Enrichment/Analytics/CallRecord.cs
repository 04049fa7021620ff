namespace Middleware.Enrichment.Analytics;

/// <summary>One finished (or ongoing) call folded from its journal events: what history, stats and reports read.</summary>
public sealed record CallRecord(
    string CallId,
    string Source,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    string? CallerNumber,
    string? CallerName,
    string? Queue,
    bool Answered,
    bool Abandoned,
    double? WaitSeconds,
    double? TalkSeconds,
    string? Agent,
    string? AgentName,
    string? EndCause,
    string? Category,
    string? Emotion,
    double? WorstValence,
    int Transfers,
    int Holds,
    int Hints,
    int Tickets);
