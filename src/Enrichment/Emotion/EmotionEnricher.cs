namespace Middleware.Enrichment.Emotion;

/// <summary>
/// Per final transcript segment: text valence and emotion (the language's models), fused with the
/// segment's voice features when the speech side sends them, into an <see cref="EmotionReading"/>
/// carrying the call's rolling emotion; an <see cref="EscalationRisk"/> once a run of frustrated or
/// angry segments lasts past the configured time. Voice features that arrive after their segment
/// re-read it with the voice (a second reading, decided by text+voice or voice); features that come
/// first wait for their segment. Works on text alone (CRM notes, chat): no audio, no arousal.
/// </summary>
public sealed class EmotionEnricher(TextEmotionReader reader, EmotionOptions options) : IEnricher
{
    private readonly CallEmotionTracker _tracker = new(options);
    private readonly ConcurrentDictionary<(string Call, Speaker Speaker), (TranscriptSegment Segment, TextEmotion Text)> _lastText = new();
    private readonly ConcurrentDictionary<(string Call, Speaker Speaker), VoiceFeatures> _pendingVoice = new();
    private readonly HashSet<Speaker> _speakers = [.. options.Speakers];

    public string Name => "emotion";

    public IReadOnlyCollection<string> Kinds { get; } = [EventKinds.TranscriptSegment, EventKinds.VoiceFeatures, EventKinds.CallEnded];

    public CallEmotionTracker Tracker => _tracker;

    public ValueTask EnrichAsync(EventEnvelope envelope, EnrichmentContext context, CancellationToken cancellationToken)
    {
        if (envelope.CallId is not { } callId)
        {
            return ValueTask.CompletedTask;
        }

        switch (envelope.Payload)
        {
            case TranscriptSegment { IsFinal: true } segment when _speakers.Contains(segment.Speaker):
                OnSegment(callId, segment, context);
                break;
            case VoiceFeatures voice when _speakers.Contains(voice.Speaker):
                OnVoice(callId, voice, context);
                break;
            case CallEnded:
                _tracker.Forget(callId);
                foreach (var speaker in Enum.GetValues<Speaker>())
                {
                    _lastText.TryRemove((callId, speaker), out _);
                    _pendingVoice.TryRemove((callId, speaker), out _);
                }

                break;
        }

        return ValueTask.CompletedTask;
    }

    private void OnSegment(string callId, TranscriptSegment segment, EnrichmentContext context)
    {
        var text = reader.Read(segment.Text, LanguageDetector.Parse(segment.Language));
        var key = (callId, segment.Speaker);
        _lastText[key] = (segment, text);
        double? arousal = null;
        if (_pendingVoice.TryRemove(key, out var voice) && Overlaps(voice, segment))
        {
            arousal = EmotionFusion.Arousal(voice);
        }

        Emit(callId, segment, text, arousal, context);
    }

    private void OnVoice(string callId, VoiceFeatures voice, EnrichmentContext context)
    {
        var key = (callId, voice.Speaker);
        if (_lastText.TryGetValue(key, out var last) && Overlaps(voice, last.Segment))
        {
            Emit(callId, last.Segment, last.Text, EmotionFusion.Arousal(voice), context, revise: true);
        }
        else
        {
            _pendingVoice[key] = voice;
        }
    }

    private void Emit(string callId, TranscriptSegment segment, TextEmotion text, double? arousal, EnrichmentContext context, bool revise = false)
    {
        var fused = EmotionFusion.Fuse(text, arousal);
        var valence = text.Confidence == 0 && arousal is { } a && a >= 0.7 ? -0.3 : text.Valence;
        var (state, escalate) = _tracker.Add(callId, segment.Speaker, fused.Emotion, valence, segment.StartSeconds, segment.EndSeconds, revise);
        context.Emit(new EmotionReading(
            segment.Speaker,
            fused.Emotion,
            Math.Round(fused.Confidence, 3),
            Math.Round(valence, 3),
            fused.DecidedBy,
            fused.Arousal is { } ar ? Math.Round(ar, 3) : null,
            text.Language == TextLanguage.Unknown ? null : text.Language.Code(),
            text.Labels.Count > 0 ? text.Labels : null,
            state.Emotion,
            state.Valence,
            state.UpsetSince,
            segment.EndSeconds));
        if (escalate)
        {
            var seconds = segment.EndSeconds - state.UpsetSince!.Value;
            context.Emit(new EscalationRisk(
                segment.Speaker,
                state.Emotion,
                Math.Round(seconds, 1),
                state.UpsetSegments,
                state.Valence,
                string.Create(CultureInfo.InvariantCulture, $"{segment.Speaker} {state.Emotion} for {seconds:0} s over {state.UpsetSegments} segments (threshold {options.EscalateAfter.TotalSeconds:0} s)")));
        }
    }

    /// <summary>Voice features belong to a segment when their time spans overlap (both in seconds from call start).</summary>
    private static bool Overlaps(VoiceFeatures voice, TranscriptSegment segment) =>
        voice.StartSeconds < segment.EndSeconds + 0.25 && segment.StartSeconds < voice.EndSeconds + 0.25;
}
