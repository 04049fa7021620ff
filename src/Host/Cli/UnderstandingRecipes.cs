using Middleware.Enrichment.Emotion;
using Middleware.Enrichment.Intent;
using Middleware.Enrichment.Text;

namespace Middleware.Host.Cli;

/// <summary>Which recipe a `train`/`eval` task and language name, and where shipped models are.</summary>
public static class UnderstandingRecipes
{
    public static IReadOnlyList<string> Tasks { get; } = ["sentiment", "emotion", "intent"];

    /// <summary>A command with one subcommand per task (train sentiment, eval intent, …).</summary>
    public static Command PerTask(string name, string description, Func<string, Command> subcommand)
    {
        var command = new Command(name, description);
        foreach (var task in Tasks)
        {
            command.Subcommands.Add(subcommand(task));
        }

        return command;
    }

    /// <summary>The --lang every task takes: its recipe and shipped model are per language.</summary>
    public static Option<string> LanguageOption() => new("--lang") { Description = "zh or en", Required = true };

    public static ClassifierRecipe? Find(string task, string language) => (task, LanguageDetector.Parse(language)) switch
    {
        ("sentiment", TextLanguage.Zh) => SentimentRecipes.Chinese,
        ("sentiment", TextLanguage.En) => SentimentRecipes.English,
        ("emotion", TextLanguage.Zh) => EmotionRecipes.Chinese,
        ("emotion", TextLanguage.En) => EmotionRecipes.English,
        ("intent", TextLanguage.Zh) => IntentRecipes.Chinese,
        ("intent", TextLanguage.En) => IntentRecipes.English,
        _ => null,
    };

    /// <summary>The models folder shipped beside the executable (copied from the repository's models/ at build).</summary>
    public static string ModelDirectory => Path.Combine(AppContext.BaseDirectory, "models");
}
