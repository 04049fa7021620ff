namespace Middleware.Adapters.Ami.Normalization;

/// <summary>One call: every channel sharing a Linkedid (or chained by Uniqueid on old versions).</summary>
internal sealed class AmiCall(string callId, string originUniqueid, DateTimeOffset startedAt)
{
    public string CallId { get; } = callId;

    public string OriginUniqueid { get; } = originUniqueid;

    public DateTimeOffset StartedAt { get; set; } = startedAt;

    public DateTimeOffset? AnsweredAt { get; set; }

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

    public string? HangupRequestedBy { get; set; }

    public string? FirstHungUp { get; set; }

    public string? AgentInterface { get; set; }

    public string? CompletionReason { get; set; }

    public bool Ended { get; set; }

    /// <summary>Seconds the caller has waited in the queue by <paramref name="at"/>; 0 when never queued.</summary>
    public double WaitSeconds(DateTimeOffset at) => QueuedAt is { } q ? Math.Round(Math.Max(0, (at - q).TotalSeconds), 3) : 0;
}
