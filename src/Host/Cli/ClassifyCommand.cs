using System.Text.Json;
using Middleware.Enrichment.Emotion;
using Middleware.Enrichment.Intent;
using Middleware.Enrichment.Text;

namespace Middleware.Host.Cli;

/// <summary>
/// middleware classify [--text T]...: what the shipped models make of texts (from --text or one per
/// stdin line), as JSON lines: language, valence, call-center emotion, emotion labels, intent, keywords.
/// </summary>
public static class ClassifyCommand
{
    public static Command Build()
    {
        var text = new Option<string[]>("--text") { Description = "Text to read (repeat; without it, one text per line of standard input)", AllowMultipleArgumentsPerToken = true };
        var models = new Option<DirectoryInfo?>("--models") { Description = "Folder of *.model files (default: the shipped ones)" };
        var command = new Command("classify", "Read texts with the shipped sentiment, emotion and intent models; prints JSON lines") { text, models };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var directory = parse.GetValue(models)?.FullName ?? UnderstandingRecipes.ModelDirectory;
            var set = ModelSet.Load(directory, UnderstandingComposition.Shipped);
            foreach (var problem in set.Problems)
            {
                await Console.Error.WriteLineAsync($"classify: {problem}");
            }

            var reader = new TextEmotionReader(set);
            var keywords = new KeywordExtractor(set.Find("intent", TextLanguage.En)?.Space);
            var texts = parse.GetValue(text) is { Length: > 0 } given ? given.ToAsyncEnumerable() : Lines(cancellationToken);
            await foreach (var t in texts)
            {
                var emotion = reader.Read(t);
                var fused = EmotionFusion.Fuse(emotion, null);
                var intent = set.Find("intent", emotion.Language)?.PredictInScope(t);
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    text = t.Length > 200 ? t[..200] + "…" : t,
                    language = emotion.Language.Code(),
                    valence = Math.Round(emotion.Valence, 3),
                    emotion = fused.Emotion,
                    confidence = Math.Round(fused.Confidence, 3),
                    labels = emotion.Labels,
                    intent = intent?.Label,
                    intentConfidence = intent is { } i ? Math.Round(i.Probability, 3) : (double?)null,
                    keywords = keywords.Extract(t, 5),
                }, Json));
            }

            return set.Problems.Count > 0 ? 1 : 0;
        });
        return command;
    }

    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static async IAsyncEnumerable<string> Lines([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await Console.In.ReadLineAsync(cancellationToken) is { } line)
        {
            yield return line;
        }
    }
}
