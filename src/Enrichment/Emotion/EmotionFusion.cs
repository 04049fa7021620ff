namespace Middleware.Enrichment.Emotion;

/// <summary>The call-center emotion of one segment, with how sure and which signal decided.</summary>
public readonly record struct FusedEmotion(string Emotion, double Confidence, string DecidedBy, double? Arousal);

/// <summary>
/// Fuses text valence with voice arousal into the four states an ops floor acts on. The two axes
/// are Russell's circumplex (valence × arousal, J. Pers. Soc. Psychol. 1980): negative and agitated
/// is angry, negative and not agitated is frustrated, positive and unagitated is calm, the rest is
/// neutral. Arousal comes from energy, pitch and rate relative to the speaker's own baseline, the
/// cues that track arousal best in speech (Schuller et al., "Recognising realistic emotions and
/// affect in speech", Speech Communication 2011); text carries valence better than voice, so text
/// decides the sign and voice the intensity. Without audio the anger-family probability of the
/// text stands in for arousal.
/// </summary>
public static class EmotionFusion
{
    public const string Calm = "calm";
    public const string Neutral = "neutral";
    public const string Frustrated = "frustrated";
    public const string Angry = "angry";

    /// <summary>Arousal in (−1, 1): tanh of the mean of the baseline-relative z-scores, energy weighted double.</summary>
    public static double Arousal(VoiceFeatures voice) => Math.Tanh(((2 * voice.EnergyZ) + voice.PitchZ + voice.RateZ) / 4.0 / 1.5);

    public static FusedEmotion Fuse(TextEmotion text, double? arousal)
    {
        var negativity = Math.Max(0, -text.Valence) * text.Confidence;
        var positivity = Math.Max(0, text.Valence) * text.Confidence;
        if (arousal is not { } a)
        {
            if (text.Confidence == 0)
            {
                return new FusedEmotion(Neutral, 0, "text", null);
            }

            if (negativity >= 0.4 && text.Anger >= 0.5)
            {
                return new FusedEmotion(Angry, Math.Min(negativity, text.Anger), "text", null);
            }

            if (negativity >= 0.4 || (text.Anger >= 0.6 && text.Valence < 0))
            {
                return new FusedEmotion(Frustrated, Math.Max(negativity, text.Anger), "text", null);
            }

            return positivity >= 0.3
                ? new FusedEmotion(Calm, positivity, "text", null)
                : new FusedEmotion(Neutral, 1 - Math.Max(negativity, positivity), "text", null);
        }

        if (negativity >= 0.3)
        {
            return a >= 0.35
                ? new FusedEmotion(Angry, Math.Min(1, (negativity + a) / 2 + 0.2), "text+voice", a)
                : new FusedEmotion(Frustrated, negativity, a <= -0.35 ? "text" : "text+voice", a);
        }

        if (a >= 0.7)
        {
            // Shouting over words that read neutral (or no words at all): the voice decides.
            return new FusedEmotion(text.Valence > 0.3 ? Neutral : Frustrated, a, "voice", a);
        }

        if (positivity >= 0.3 && a <= 0.35)
        {
            return new FusedEmotion(Calm, positivity, a <= 0 ? "text+voice" : "text", a);
        }

        return new FusedEmotion(Neutral, 1 - Math.Max(negativity, Math.Abs(a)), "text+voice", a);
    }

    public static bool IsUpset(string emotion) => emotion is Frustrated or Angry;
}
