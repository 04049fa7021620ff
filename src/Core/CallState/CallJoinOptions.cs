namespace Middleware.Core.CallState;

/// <summary>
/// How a call seen by a SIP mirror (HEP, capture) is joined to the same call seen by the PBX (AMI),
/// so what only the media gives (transcripts, emotion, quality) lands on the call the ops team watches.
/// </summary>
public sealed class CallJoinOptions
{
    /// <summary>Sources that mirror SIP; every other source is the PBX's own view. Empty: no joining.</summary>
    public IReadOnlySet<string> MirrorSources { get; init; } = new HashSet<string>();

    /// <summary>When no SIP Call-ID is shared, the same caller number within this window joins the calls.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(10);
}
