using Middleware.Enrichment.Emotion;
using Middleware.Enrichment.Intent;
using Middleware.Enrichment.Text;

namespace Middleware.Host.Hosting;

/// <summary>
/// Loads the text classifiers at start and builds the emotion and intent enrichers from them. A
/// missing or corrupt model is logged as an error naming the file; the enrichers run with the
/// models that loaded (no model for a language: its segments get no reading) and the rest of the
/// middleware is unaffected.
/// </summary>
public static class UnderstandingComposition
{
    public static IReadOnlyList<(string Task, TextLanguage Language)> Shipped { get; } =
    [
        ("sentiment", TextLanguage.Zh), ("sentiment", TextLanguage.En),
        ("emotion", TextLanguage.Zh), ("emotion", TextLanguage.En),
        ("intent", TextLanguage.Zh), ("intent", TextLanguage.En),
    ];

    public static string ModelDirectory(MiddlewareConfig config) =>
        config.Understanding.Models ?? Path.Combine(AppContext.BaseDirectory, "models");

    public static IEnumerable<IEnricher> Enrichers(MiddlewareConfig config, ILogger logger)
    {
        if (!config.Emotion.Enabled && !config.Intent.Enabled)
        {
            return [];
        }

        var directory = ModelDirectory(config);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var models = ModelSet.Load(directory, Shipped.Where(m => m.Task == "intent" ? config.Intent.Enabled : config.Emotion.Enabled));
        foreach (var problem in models.Problems)
        {
            logger.LogError("understanding: {Problem}; running without that model", problem);
        }

        logger.LogInformation("understanding: {Count} model(s) loaded from {Directory} in {Ms} ms", models.Loaded.Count(), directory, watch.ElapsedMilliseconds);
        var enrichers = new List<IEnricher>();
        if (config.Emotion.Enabled)
        {
            enrichers.Add(new EmotionEnricher(new TextEmotionReader(models), config.Emotion));
        }

        if (config.Intent.Enabled)
        {
            enrichers.Add(new IntentEnricher(models, config.Intent).WarmUp());
        }

        return enrichers;
    }
}
