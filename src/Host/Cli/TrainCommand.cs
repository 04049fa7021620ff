using Middleware.Enrichment.Text;

namespace Middleware.Host.Cli;

/// <summary>
/// middleware train sentiment|emotion|intent --lang zh|en --data FILE... --out models/F.model:
/// trains one of the shipped classifiers from labelled files, measures it on rows it held out and
/// writes the model with those numbers and this command in its header.
/// </summary>
public static class TrainCommand
{
    public static Command Build() =>
        UnderstandingRecipes.PerTask("train", "Train a text classifier (sentiment, emotion, intent) from labelled files; prints held-out accuracy", Task);

    private static Command Task(string task)
    {
        var lang = UnderstandingRecipes.LanguageOption();
        var data = new Option<string[]>("--data") { Description = "Labelled files (CSV with header, TSV, GoEmotions TSV, JSON lines); repeat for several", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<FileInfo>("--out") { Description = "Model file to write", Required = true };
        var outOfScope = new Option<string[]>("--out-of-scope") { Description = "intent: files of texts outside the intents, to tune the out-of-scope threshold (half) and measure it (the other half)", AllowMultipleArgumentsPerToken = true };
        var outOfScopeLabels = new Option<string?>("--out-of-scope-labels") { Description = "intent: only rows of the --out-of-scope files with these labels (comma-separated)" };
        var heldOutOut = new Option<FileInfo?>("--held-out-out") { Description = "Write the held-out rows as text<TAB>label (for eval)" };
        var cGrid = new Option<string?>("--c") { Description = "SVM costs to try, comma-separated (default: the recipe's)" };
        var charMax = new Option<int?>("--char-max") { Description = "Longest character n-gram" };
        var charMin = new Option<int?>("--char-min") { Description = "Shortest character n-gram" };
        var wordMax = new Option<int?>("--word-max") { Description = "Longest word n-gram (0 = none)" };
        var words = new Option<WordSplitting?>("--words") { Description = "Word splitting: none, letters, jieba" };
        var negation = new Option<bool?>("--negation") { Description = "Mark words in negation scope" };
        var naiveBayes = new Option<bool?>("--nb") { Description = "Binary: naive-Bayes log-count-ratio features (NBSVM)" };
        var minDf = new Option<int?>("--min-df") { Description = "Drop features in fewer training texts" };
        var maxFeatures = new Option<int?>("--max-features") { Description = "Keep at most this many features" };
        var balance = new Option<double?>("--balance") { Description = "Weigh small classes up: cost × (others/own)^this (0 = off, 0.5 = square root)" };
        var prune = new Option<double?>("--prune") { Description = "Store weights below this magnitude as 0 (smaller file)" };
        var hidden = new Option<int?>("--network-hidden") { Description = "Ensemble: hidden units of the network blended with the SVM (0 = SVM alone)" };
        var epochs = new Option<int?>("--network-epochs") { Description = "Ensemble: SGD epochs of the network" };
        var rate = new Option<double?>("--network-lr") { Description = "Ensemble: the network's SGD step (decays linearly to 0)" };
        var inputs = new Option<int?>("--network-inputs") { Description = "Ensemble: features with a network input row (the most frequent)" };
        var command = new Command(task, $"Train the {task} classifier")
        {
            lang, data, output, outOfScope, outOfScopeLabels, heldOutOut, cGrid, charMin, charMax, wordMax, words, negation, naiveBayes, minDf, maxFeatures, prune, balance,
            hidden, epochs, rate, inputs,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var recipe = UnderstandingRecipes.Find(task, parse.GetValue(lang)!);
            if (recipe is null)
            {
                await Console.Error.WriteLineAsync($"train {task}: --lang must be zh or en (got '{parse.GetValue(lang)}')");
                return 2;
            }

            var files = parse.GetValue(data)!;
            var missing = files.Where(f => !File.Exists(f)).ToList();
            if (missing.Count > 0)
            {
                await Console.Error.WriteLineAsync($"train {task}: no such data file: {string.Join(", ", missing)}");
                return 2;
            }

            var f = recipe.Settings.Featurizer;
            f = f with
            {
                CharMin = parse.GetValue(charMin) ?? f.CharMin,
                CharMax = parse.GetValue(charMax) ?? f.CharMax,
                WordMax = parse.GetValue(wordMax) ?? f.WordMax,
                Words = parse.GetValue(words) ?? f.Words,
                MarkNegation = parse.GetValue(negation) ?? f.MarkNegation,
            };
            var settings = recipe.Settings with
            {
                Featurizer = f,
                NaiveBayes = parse.GetValue(naiveBayes) ?? recipe.Settings.NaiveBayes,
                MinDf = parse.GetValue(minDf) ?? recipe.Settings.MinDf,
                MaxFeatures = parse.GetValue(maxFeatures) ?? recipe.Settings.MaxFeatures,
                PruneBelow = parse.GetValue(prune) ?? recipe.Settings.PruneBelow,
                BalancePower = parse.GetValue(balance) ?? recipe.Settings.BalancePower,
                CGrid = parse.GetValue(cGrid) is { } grid
                    ? grid.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToList()
                    : recipe.Settings.CGrid,
            };
            settings = settings with { Network = NetworkSettings(settings.Network, parse.GetValue(hidden), parse.GetValue(epochs), parse.GetValue(rate), parse.GetValue(inputs)) };
            var oosTexts = ReadOutOfScope(recipe, parse.GetValue(outOfScope) ?? [], parse.GetValue(outOfScopeLabels));
            var line = "middleware " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1));
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var outcome = await System.Threading.Tasks.Task.Run(
                () => ClassifierTraining.Run(recipe, files, settings, line, m => Console.Error.WriteLine($"train {task}: {m}"), oosTexts), cancellationToken);
            var path = parse.GetValue(output)!.FullName;
            ModelFile.Save(outcome.Model, path);
            if (parse.GetValue(heldOutOut) is { } heldOutFile)
            {
                await File.WriteAllLinesAsync(heldOutFile.FullName, outcome.HeldOutRows.Select(r => $"{Clean(r.Text)}\t{string.Join(",", r.Labels)}"), cancellationToken);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {path} ({new FileInfo(path).Length / 1024.0:0} KB, {outcome.Model.Space.Count:N0} features, C={outcome.Model.Header.Training!.C}) in {watch.Elapsed.TotalSeconds:0.0} s"));
            Console.WriteLine($"held out: {outcome.HeldOut.Summary()}");
            return 0;
        });
        return command;
    }

    private static NetworkOptions? NetworkSettings(NetworkOptions? recipe, int? hidden, int? epochs, double? rate, int? inputs)
    {
        if (hidden == 0 || (recipe is null && hidden is null))
        {
            return null;
        }

        var n = recipe ?? new NetworkOptions();
        return n with
        {
            Hidden = hidden ?? n.Hidden,
            Epochs = epochs ?? n.Epochs,
            LearningRate = rate ?? n.LearningRate,
            MaxInputs = inputs ?? n.MaxInputs,
        };
    }

    private static List<string> ReadOutOfScope(ClassifierRecipe recipe, string[] files, string? labels)
    {
        var wanted = labels?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var texts = new List<string>();
        foreach (var file in files)
        {
            var dataset = DatasetReader.Read(file, new ColumnChoice(recipe.Columns.TextColumns, ["category", "cat", "label", "intent"]));
            texts.AddRange(dataset.Rows.Where(r => wanted is null || wanted.Contains(r.Label)).Select(r => r.Text));
        }

        return texts;
    }

    private static string Clean(string text) => text.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');
}
