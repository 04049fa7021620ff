namespace Middleware.Core.Sources;

/// <param name="Healthy">Connected, listening, or subscribed: able to deliver events now.</param>
/// <param name="Detail">One human line: counters, the address it listens on, or the last error.</param>
/// <param name="LastError">Why it last failed (start error, connection refused...), null when none.</param>
public sealed record SourceHealth(bool Healthy, string Detail, string? LastError = null)
{
    /// <summary>Messages, packets or frames taken in since start.</summary>
    public long Received { get; init; }

    /// <summary>Input refused: bytes that could not be framed or parsed, packets that failed authentication.</summary>
    public long Rejected { get; init; }

    /// <summary>Sessions re-established after a loss (0 for a listener, which has no session).</summary>
    public long Reconnects { get; init; }
}
