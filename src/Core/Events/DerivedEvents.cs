using System.Text.Json.Serialization;
namespace Middleware.Core.Events;

// What enrichment adds to a call. These travel in the same envelope as source events.

public sealed record TranscriptSegment(string Speaker, string Text, double StartSeconds, double EndSeconds, double Confidence, string? Language, bool IsFinal = true) : DerivedEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.TranscriptSegment;
}

/// <param name="Valence">-1 (negative) .. 1 (positive).</param>
public sealed record EmotionReading(string Speaker, string Emotion, double Score, double Valence) : DerivedEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.EmotionReading;
}

public sealed record IntentDetected(string Intent, double Confidence, string? Category, string? Text) : DerivedEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.IntentDetected;
}

/// <param name="Action">prioritize, route-to-agent, escalate, callback...</param>
/// <param name="Priority">Higher is more urgent; maps to the ACD's queue priority.</param>
public sealed record RoutingHint(string Action, string? Queue, string? SuggestedAgent, int Priority, IReadOnlyList<string> Reasons) : DerivedEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.RoutingHint;
}

public sealed record TicketDraft(string Title, string Category, string Priority, string Summary, string? CustomerNumber, DateTimeOffset? SlaDueAt) : DerivedEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.TicketDraft;
}

public sealed record QaFinding(string Rule, string Severity, string Message, string? Excerpt, double? Score) : DerivedEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.QaFinding;
}

/// <summary>A plugin threw or timed out on an event; the pipeline went on.</summary>
public sealed record EnricherFailed(string Enricher, string FailedKind, string Error) : DerivedEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.EnricherFailed;
}
