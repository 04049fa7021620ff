namespace Middleware.Enrichment.Emotion;

/// <summary>
/// GoEmotions' 27 emotions + neutral in the order of its emotions.txt (ids 0..27), and the
/// groupings published with it (Demszky et al., ACL 2020, goemotions/data/sentiment_dict.json and
/// ekman_mapping.json), which the sentiment recipe and the call-center fusion read.
/// </summary>
public static class GoEmotionsTaxonomy
{
    public static IReadOnlyList<string> Emotions { get; } =
    [
        "admiration", "amusement", "anger", "annoyance", "approval", "caring", "confusion", "curiosity", "desire",
        "disappointment", "disapproval", "disgust", "embarrassment", "excitement", "fear", "gratitude", "grief", "joy",
        "love", "nervousness", "optimism", "pride", "realization", "relief", "remorse", "sadness", "surprise", "neutral",
    ];

    public static IReadOnlySet<string> Positive { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "amusement", "excitement", "joy", "love", "desire", "optimism", "caring", "pride", "admiration", "gratitude", "relief", "approval",
    };

    public static IReadOnlySet<string> Negative { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "fear", "nervousness", "remorse", "embarrassment", "disappointment", "sadness", "grief", "disgust", "anger", "annoyance", "disapproval",
    };

    /// <summary>Ekman's six (plus neutral) for each GoEmotions label.</summary>
    public static string Ekman(string emotion) => emotion switch
    {
        "anger" or "annoyance" or "disapproval" => "anger",
        "disgust" => "disgust",
        "fear" or "nervousness" => "fear",
        "sadness" or "disappointment" or "embarrassment" or "grief" or "remorse" => "sadness",
        "surprise" or "realization" or "confusion" or "curiosity" => "surprise",
        "neutral" => "neutral",
        _ => "joy",
    };

    /// <summary>positive / negative when every label of a row agrees, else null (ambiguous, neutral or mixed).</summary>
    public static string? Polarity(IEnumerable<string> emotions)
    {
        var list = emotions.ToList();
        if (list.Count > 0 && list.All(Positive.Contains))
        {
            return "positive";
        }

        return list.Count > 0 && list.All(Negative.Contains) ? "negative" : null;
    }
}
