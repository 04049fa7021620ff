namespace Middleware.Core.Events;

// What enrichment understands about a call: words, feelings, reasons, quality findings. These travel in the same envelope as source events.

/// <summary>
/// Words one party said, as the speech engine heard them on that party's leg. Partial segments
/// (IsFinal false) revise the utterance in progress and only reach live views; final ones are
/// journaled. Start and end are seconds from the start of the call; Text has passed the redaction seam.
/// </summary>
/// <param name="Engine">The recognizer that heard it: pocketsphinx, whisper, http.</param>
public sealed record TranscriptSegment(Speaker Speaker, string Text, double StartSeconds, double EndSeconds, double Confidence, string? Language, bool IsFinal = true, string? Engine = null) : DerivedEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.TranscriptSegment;
}

/// <summary>
/// How a speaker sounds in one segment (calm / neutral / frustrated / angry for call-center use)
/// and, when known, how the call has sounded so far.
/// </summary>
/// <param name="Valence">-1 (negative) .. 1 (positive).</param>
/// <param name="DecidedBy">Which signal settled the emotion: text, voice, or text+voice.</param>
/// <param name="Arousal">From the voice features, -1 (subdued) .. 1 (agitated); null when no audio.</param>
/// <param name="Signals">The text classifier's strongest emotion labels (GoEmotions / CLUEmotion names).</param>
/// <param name="CallEmotion">The rolling emotion of this speaker over the call so far.</param>
/// <param name="CallValence">The rolling valence (exponentially weighted over segments).</param>
/// <param name="FrustratedSince">Start (seconds into the call) of the current run of frustrated or angry segments.</param>
public sealed record EmotionReading(
    Speaker Speaker,
    string Emotion,
    double Score,
    double Valence,
    string? DecidedBy = null,
    double? Arousal = null,
    string? Language = null,
    IReadOnlyList<string>? Signals = null,
    string? CallEmotion = null,
    double? CallValence = null,
    double? FrustratedSince = null,
    double? AtSeconds = null) : DerivedEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.EmotionReading;
}

/// <summary>Why the caller is calling, as understood so far, with the words that say it.</summary>
/// <param name="Keywords">Key terms of the call so far (jieba TF-IDF for Chinese, TF-IDF over English words).</param>
public sealed record IntentDetected(
    string Intent,
    double Confidence,
    string? Category,
    string? Text,
    IReadOnlyList<string>? Keywords = null,
    string? Language = null) : DerivedEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.IntentDetected;
}

/// <summary>
/// A speaker has stayed frustrated or angry past the configured time: routing may escalate, QA flags it.
/// </summary>
/// <param name="FrustratedSeconds">How long the current run of frustrated/angry segments has lasted.</param>
public sealed record EscalationRisk(Speaker Speaker, string Emotion, double FrustratedSeconds, int Segments, double CallValence, string Reason) : DerivedEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.EscalationRisk;
}

/// <summary>
/// How a final segment sounded relative to the speaker's own baseline in this call (z-scores:
/// 0 = usual for this speaker, +2 = much louder / higher / faster). What the emotion fusion reads.
/// The measured values travel with it for QA and later models.
/// </summary>
/// <param name="RmsDb">Energy of the voiced frames, dBFS.</param>
/// <param name="PitchMeanHz">Mean fundamental frequency of the voiced frames (YIN).</param>
/// <param name="PitchRangeHz">Its 90th minus 10th percentile.</param>
/// <param name="PitchVariance">Its variance, Hz².</param>
/// <param name="SyllablesPerSecond">Speaking rate: energy-envelope peaks (syllable nuclei) per second of the segment.</param>
/// <param name="PauseSeconds">Silence inside the segment in runs of 150 ms or more.</param>
/// <param name="Pauses">How many such runs.</param>
/// <param name="TalkOverSeconds">How long the other party's speech overlapped this segment.</param>
public sealed record VoiceFeatures(Speaker Speaker, double StartSeconds, double EndSeconds, double EnergyZ, double PitchZ, double RateZ,
    double? RmsDb = null, double? PitchMeanHz = null, double? PitchRangeHz = null, double? PitchVariance = null, double? SyllablesPerSecond = null,
    double? PauseSeconds = null, int? Pauses = null, double? TalkOverSeconds = null) : DerivedEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.VoiceFeatures;
}

/// <summary>A call's quality score, once it has ended: every dimension 0..100 and their weighted total.</summary>
/// <param name="Dimensions">greeting, identity_check, closing, disclosures, compliance, politeness, talk_ratio, silence, talk_over (those the call could be judged on).</param>
/// <param name="Exemplary">Scored at or above the rule set's bar with no finding: flagged for training.</param>
/// <param name="RuleSet">Which rule set judged it (by language).</param>
public sealed record QaScored(double Total, IReadOnlyDictionary<string, double> Dimensions, int Findings, bool Exemplary, string RuleSet) : DerivedEvent
{
    [JsonIgnore]
    public override bool IsDecision => true;

    [JsonIgnore]
    public override string Kind => EventKinds.QaScored;
}

public sealed record QaFinding(string Rule, string Severity, string Message, string? Excerpt, double? Score) : DerivedEvent
{
    [JsonIgnore]
    public override bool IsDecision => true;

    [JsonIgnore]
    public override string Kind => EventKinds.QaFinding;
}
