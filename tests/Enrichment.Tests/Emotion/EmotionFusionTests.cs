using Middleware.Core.Events;
using Middleware.Enrichment.Emotion;
using Middleware.Enrichment.Text;

namespace Middleware.Enrichment.Tests.Emotion;

public class EmotionFusionTests
{
    private static TextEmotion Text(double valence, double anger = 0, double confidence = 0.95) => new(TextLanguage.En, valence, confidence, anger, []);

    [Fact]
    public void Text_alone_decides_when_there_is_no_audio()
    {
        Assert.Equal(("angry", "text"), Pick(EmotionFusion.Fuse(Text(-0.9, anger: 0.8), null)));
        Assert.Equal(("frustrated", "text"), Pick(EmotionFusion.Fuse(Text(-0.8, anger: 0.1), null)));
        Assert.Equal(("calm", "text"), Pick(EmotionFusion.Fuse(Text(0.8), null)));
        Assert.Equal(("neutral", "text"), Pick(EmotionFusion.Fuse(Text(0.1), null)));
        Assert.Equal(("neutral", "text"), Pick(EmotionFusion.Fuse(TextEmotion.Empty(TextLanguage.Unknown), null)));
    }

    [Fact]
    public void Voice_raises_negative_words_to_angry_and_decides_alone_when_words_are_neutral()
    {
        Assert.Equal(("angry", "text+voice"), Pick(EmotionFusion.Fuse(Text(-0.8), 0.6)));
        Assert.Equal(("frustrated", "text"), Pick(EmotionFusion.Fuse(Text(-0.8), -0.5)));
        Assert.Equal(("frustrated", "voice"), Pick(EmotionFusion.Fuse(Text(0), 0.9)));
        Assert.Equal(("calm", "text+voice"), Pick(EmotionFusion.Fuse(Text(0.8), -0.3)));
    }

    [Fact]
    public void Arousal_follows_energy_pitch_and_rate_against_the_speakers_baseline()
    {
        Assert.Equal(0, EmotionFusion.Arousal(new VoiceFeatures(Speaker.Caller, 0, 1, 0, 0, 0)), 6);
        Assert.True(EmotionFusion.Arousal(new VoiceFeatures(Speaker.Caller, 0, 1, 2.5, 2, 1.5)) > 0.7);
        Assert.True(EmotionFusion.Arousal(new VoiceFeatures(Speaker.Caller, 0, 1, -1.5, -1, -1)) < -0.35);
    }

    [Fact]
    public void Escalation_is_due_once_a_run_of_upset_segments_lasts_past_the_threshold()
    {
        var tracker = new CallEmotionTracker(new EmotionOptions { EscalateAfter = TimeSpan.FromSeconds(20), EscalateMinSegments = 2 });
        Assert.False(tracker.Add("c", Speaker.Caller, "frustrated", -0.7, 0, 8).EscalateNow);
        Assert.False(tracker.Add("c", Speaker.Caller, "neutral", 0, 9, 15).EscalateNow);
        var (state, due) = tracker.Add("c", Speaker.Caller, "angry", -0.9, 16, 24);
        Assert.True(due);
        Assert.Equal((0.0, 2, "angry"), (state.UpsetSince!.Value, state.UpsetSegments, state.Emotion));
        Assert.False(tracker.Add("c", Speaker.Caller, "angry", -0.9, 25, 30).EscalateNow); // once per run
        Assert.Null(tracker.Add("c", Speaker.Caller, "calm", 0.8, 31, 35).State.UpsetSince);
        tracker.Forget("c");
        Assert.Equal(0, tracker.Tracked);
    }

    [Fact]
    public void A_segment_read_again_with_its_voice_replaces_its_first_reading()
    {
        var tracker = new CallEmotionTracker(new EmotionOptions());
        tracker.Add("c", Speaker.Caller, "frustrated", -0.6, 0, 5);
        tracker.Add("c", Speaker.Caller, "angry", -0.6, 0, 5, revise: true);
        Assert.Equal(1, tracker.Current("c", Speaker.Caller)!.UpsetSegments);
    }

    private static (string, string) Pick(FusedEmotion f) => (f.Emotion, f.DecidedBy);
}
