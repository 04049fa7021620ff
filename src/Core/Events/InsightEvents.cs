using System.Text.Json.Serialization;
namespace Middleware.Core.Events;

// What enrichment understands about a call: words, feelings, reasons, quality findings. These travel in the same envelope as source events.

public sealed record TranscriptSegment(Speaker Speaker, string Text, double StartSeconds, double EndSeconds, double Confidence, string? Language, bool IsFinal = true) : DerivedEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.TranscriptSegment;
}

/// <param name="Valence">-1 (negative) .. 1 (positive).</param>
public sealed record EmotionReading(Speaker Speaker, string Emotion, double Score, double Valence) : DerivedEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.EmotionReading;
}

public sealed record IntentDetected(string Intent, double Confidence, string? Category, string? Text) : DerivedEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.IntentDetected;
}

public sealed record QaFinding(string Rule, string Severity, string Message, string? Excerpt, double? Score) : DerivedEvent
{
    [JsonIgnore]
    public override bool IsDecision => true;

    [JsonIgnore]
    public override string Kind => EventKinds.QaFinding;
}
