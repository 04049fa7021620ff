namespace Middleware.Enrichment.Text;

/// <summary>What a training run produced and measured.</summary>
public sealed record TrainingOutcome(TextClassifier Model, Metrics HeldOut, IReadOnlyList<LabelledText> HeldOutRows, double? OutOfScopeRecall);

/// <summary>
/// A whole training run of a recipe: read the files, split off held-out rows (never seen again
/// until the final measurement), then tuning rows, train, measure on the held-out rows and record
/// the numbers and the command in the model's header.
/// </summary>
public static class ClassifierTraining
{
    public static TrainingOutcome Run(
        ClassifierRecipe recipe,
        IReadOnlyList<string> dataFiles,
        TrainingSettings settings,
        string command,
        Action<string> log,
        IReadOnlyList<string>? outOfScopeTexts = null)
    {
        var rows = new List<LabelledText>();
        foreach (var file in dataFiles)
        {
            var (read, dataset, dropped) = recipe.Read(file);
            log($"{file}: {dataset.Format}, {read.Count:N0} rows{(dropped > 0 ? $", {dropped:N0} without a {recipe.Task} label left out" : "")}{(dataset.Problems.Count > 0 ? $", {dataset.Problems.Count} problem(s), first: {dataset.Problems[0]}" : "")}");
            rows.AddRange(read);
        }

        var (rest, heldOut) = HoldOut(recipe, rows, settings.Seed);
        var (train, tune) = DataSplit.Take(rest, r => r.Text, recipe.TuneFraction, settings.Seed + 1);
        var labels = recipe.Labels ?? rows.SelectMany(r => r.Labels).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        log($"{labels.Count} labels; train {train.Count:N0}, tune {tune.Count:N0}, held out {heldOut.Count:N0}");

        List<string>? oosTune = null;
        List<string>? oosHeldOut = null;
        if (outOfScopeTexts is { Count: > 0 })
        {
            var (keep, take) = DataSplit.Take(outOfScopeTexts, t => t, 0.5, settings.Seed + 2);
            (oosTune, oosHeldOut) = (keep, take);
        }

        var trainer = new ClassifierTrainer(settings, log);
        var model = trainer.Train(recipe.Task, recipe.Language.Code(), labels, train, tune, oosTune);
        var metrics = ClassifierEvaluation.Evaluate(model, heldOut);
        double? oosRecall = null;
        if (oosHeldOut is { Count: > 0 } && model.Header.OutOfScopeBelow is { } below)
        {
            oosRecall = oosHeldOut.Count(t => model.Predict(t).Probability < below) / (double)oosHeldOut.Count;
            var inScope = heldOut.Count(r => model.PredictInScope(r.Text).Label == r.Label) / (double)Math.Max(1, heldOut.Count);
            log($"held out with out-of-scope answers: in-scope accuracy {inScope:0.000}, out-of-scope recall {oosRecall:0.000} on {oosHeldOut.Count} texts");
        }

        var record = model.Header.Training! with
        {
            Command = command,
            Data = dataFiles.Select(Path.GetFileName).OfType<string>().ToList(),
            HeldOutRows = heldOut.Count,
            HeldOutAccuracy = Math.Round(metrics.Accuracy, 4),
            HeldOutMacroF1 = Math.Round(metrics.MacroF1, 4),
            Notes = oosRecall is { } r ? $"out-of-scope recall {r:0.000} on {oosHeldOut!.Count} held-out out-of-scope texts" : null,
            TrainedAt = TrainedAt(),
        };
        var final = new TextClassifier(model.Header with { Training = record }, model.Space, model.Weights.ToArray(), model.Bias.ToArray(), model.Network);
        return new TrainingOutcome(final, metrics, heldOut, oosRecall);
    }

    /// <summary>The held-out split of a recipe's rows, as <see cref="Run"/> makes it (tests and eval rebuild it from the same files).</summary>
    public static (List<LabelledText> Kept, List<LabelledText> HeldOut) HoldOut(ClassifierRecipe recipe, IReadOnlyList<LabelledText> rows, int seed)
    {
        if (recipe.HoldOut == HoldOutStrategy.ByText)
        {
            return DataSplit.Take(rows, r => r.Text, recipe.HoldOutFraction, seed);
        }

        return SentenceHoldOut(rows, recipe.HoldOutFraction, seed);
    }

    private static (List<LabelledText>, List<LabelledText>) SentenceHoldOut(IReadOnlyList<LabelledText> rows, double fraction, int seed)
    {
        // Candidates: rows of 8+ words no longer row contains (whole sentences, not phrases).
        var longRows = rows.Where(r => WordCount(r.Text) >= 8).ToList();
        var candidates = longRows.Where(r => DataSplit.Position(r.Text, seed) < fraction * 2).ToList();
        var sentences = candidates
            .Where(c => !longRows.Any(o => o.Text.Length > c.Text.Length && o.Text.Contains(c.Text, StringComparison.Ordinal)))
            .ToList();
        var held = new HashSet<LabelledText>(sentences);
        var rest = rows.Where(r => !held.Contains(r) && !sentences.Any(s => s.Text.Contains(r.Text, StringComparison.Ordinal))).ToList();
        return (rest, sentences);
    }

    /// <summary>
    /// Now, or SOURCE_DATE_EPOCH (reproducible-builds.org) when set: scripts/train-models.sh sets it to
    /// the last commit of the training code, so the same code and data write the same bytes.
    /// </summary>
    private static DateTimeOffset TrainedAt() =>
        long.TryParse(Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH"), out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : DateTimeOffset.UtcNow;

    private static int WordCount(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
}
