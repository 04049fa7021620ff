namespace Middleware.Enrichment.Emotion;

/// <summary>What the text alone says: valence (−1..1), how sure the sentiment model is, the anger-family probability, top emotion labels.</summary>
public sealed record TextEmotion(TextLanguage Language, double Valence, double Confidence, double Anger, IReadOnlyList<string> Labels)
{
    public static TextEmotion Empty(TextLanguage language) => new(language, 0, 0, 0, []);
}

/// <summary>
/// Reads a text with the sentiment and emotion models of its language. Valence is 2·p(positive) − 1
/// from the calibrated sentiment model; anger is the summed probability of the anger family
/// (GoEmotions anger, annoyance, disgust, disapproval; CLUEmotion anger, disgust) so that "this is
/// ridiculous" and "我很生气" both count. Text with no letters or ideographs (empty, emoji-only)
/// reads as neutral with no confidence rather than as whatever the bias says.
/// </summary>
public sealed class TextEmotionReader(ModelSet models)
{
    private static readonly HashSet<string> AngerFamily = new(StringComparer.Ordinal) { "anger", "annoyance", "disgust", "disapproval" };

    public TextEmotion Read(string text, TextLanguage? hint = null)
    {
        var detected = LanguageDetector.Detect(text);
        if (detected == TextLanguage.Unknown)
        {
            return TextEmotion.Empty(hint ?? TextLanguage.Unknown);
        }

        var language = detected;
        var sentiment = models.Find("sentiment", language);
        var emotion = models.Find("emotion", language);
        if (sentiment is null && emotion is null)
        {
            return TextEmotion.Empty(language);
        }

        double valence = 0, confidence = 0;
        if (sentiment is not null)
        {
            Span<float> p = stackalloc float[2];
            sentiment.Probabilities(text, p);
            valence = (2.0 * p[1]) - 1.0;
            confidence = Math.Max(p[0], p[1]);
        }

        double anger = 0;
        IReadOnlyList<string> labels = [];
        if (emotion is not null)
        {
            Span<float> p = emotion.Labels.Count <= 64 ? stackalloc float[emotion.Labels.Count] : new float[emotion.Labels.Count];
            emotion.Probabilities(text, p);
            var chosen = emotion.Header.Mode == LabelMode.MultiLabel ? emotion.ChooseLabels(p) : [Top(emotion, p)];
            labels = chosen.Select(c => c.Label).ToList();
            for (var i = 0; i < p.Length; i++)
            {
                if (AngerFamily.Contains(emotion.Labels[i]))
                {
                    anger += p[i];
                }
            }

            if (emotion.Header.Mode == LabelMode.MultiLabel)
            {
                anger = Math.Min(1, anger);
            }
        }

        return new TextEmotion(language, valence, confidence, anger, labels);
    }

    private static ClassPrediction Top(TextClassifier model, ReadOnlySpan<float> p)
    {
        var best = TextClassifier.ArgMax(p);
        return new ClassPrediction(best, model.Labels[best], p[best]);
    }
}
