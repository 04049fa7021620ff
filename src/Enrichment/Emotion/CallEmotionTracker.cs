namespace Middleware.Enrichment.Emotion;

/// <summary>One speaker's emotion over a call so far.</summary>
public sealed record RollingEmotion(string Emotion, double Valence, double? UpsetSince, int UpsetSegments, bool Escalated);

/// <summary>
/// The rolling emotion per call and speaker: an exponentially weighted valence over segments and
/// the current run of frustrated/angry segments (a calm segment ends the run, a neutral one pauses
/// it). Kept per (call, speaker) and dropped when the call ends. Calls run on different pipeline
/// lanes, so the map is concurrent; one call's updates come in order on its lane.
/// </summary>
public sealed class CallEmotionTracker(EmotionOptions options)
{
    // The state after the latest segment, and before it (so a segment read again with its voice replaces its first reading).
    private readonly ConcurrentDictionary<(string Call, Speaker Speaker), (RollingEmotion Now, RollingEmotion? Before)> _calls = new();

    public int Tracked => _calls.Count;

    public RollingEmotion? Current(string callId, Speaker speaker) => _calls.TryGetValue((callId, speaker), out var s) ? s.Now : null;

    /// <summary>Adds a segment's reading (or, with <paramref name="revise"/>, replaces the latest one); returns the new rolling state and whether escalation is due now.</summary>
    public (RollingEmotion State, bool EscalateNow) Add(string callId, Speaker speaker, string emotion, double valence, double startSeconds, double endSeconds, bool revise = false)
    {
        var key = (callId, speaker);
        var stored = _calls.TryGetValue(key, out var found) ? found : default;
        var previous = revise ? stored.Before : stored.Now;
        var weight = Math.Clamp(options.RollingWeight, 0.01, 1);
        var rolled = previous is null ? valence : (previous.Valence * (1 - weight)) + (valence * weight);
        double? since = previous?.UpsetSince;
        var count = previous?.UpsetSegments ?? 0;
        var escalated = (previous?.Escalated ?? false) || (revise && (stored.Now?.Escalated ?? false));
        if (EmotionFusion.IsUpset(emotion))
        {
            since ??= startSeconds;
            count++;
        }
        else if (emotion == EmotionFusion.Calm)
        {
            (since, count, escalated) = (null, 0, false);
        }

        var callEmotion = count >= 2 || rolled <= -0.5
            ? (emotion == EmotionFusion.Angry || previous?.Emotion == EmotionFusion.Angry ? EmotionFusion.Angry : EmotionFusion.Frustrated)
            : rolled >= 0.3 ? EmotionFusion.Calm
            : count == 1 && rolled < 0 ? EmotionFusion.Frustrated
            : EmotionFusion.Neutral;
        var due = !escalated && since is { } s && endSeconds - s >= options.EscalateAfter.TotalSeconds && count >= options.EscalateMinSegments;
        var state = new RollingEmotion(callEmotion, Math.Round(rolled, 3), since, count, escalated || due);
        _calls[key] = (state, previous);
        return (state, due);
    }

    public void Forget(string callId)
    {
        foreach (var speaker in Enum.GetValues<Speaker>())
        {
            _calls.TryRemove((callId, speaker), out _);
        }
    }
}
