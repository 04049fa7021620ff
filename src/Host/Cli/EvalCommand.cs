using Middleware.Enrichment.Text;

namespace Middleware.Host.Cli;

/// <summary>
/// middleware eval sentiment|emotion|intent --lang zh|en --data FILE: measures a model on any
/// labelled file in the formats train reads; the last line is always
/// accuracy=0.NNN macro_f1=0.NNN n=N.
/// </summary>
public static class EvalCommand
{
    public static Command Build()
    {
        var command = UnderstandingRecipes.PerTask("eval", "Measure a text classifier on a labelled file; last line: accuracy=… macro_f1=… n=…", Task);
        command.Subcommands.Add(PiiEvalCommand.Build());
        return command;
    }

    private static Command Task(string task)
    {
        var lang = UnderstandingRecipes.LanguageOption();
        var data = new Option<FileInfo>("--data") { Description = "Labelled file: CSV with header, TSV text<TAB>label, GoEmotions TSV or JSON lines", Required = true };
        var model = new Option<FileInfo?>("--model") { Description = "Model file (default: the shipped models/<task>-<lang>.model)" };
        var heldOut = new Option<bool>("--held-out") { Description = "Only the rows train held out of this file (to reproduce a model's training figures)" };
        var perLabel = new Option<bool>("--per-label") { Description = "Print F1 and support per label first" };
        var command = new Command(task, $"Measure the {task} classifier") { lang, data, model, heldOut, perLabel };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var recipe = UnderstandingRecipes.Find(task, parse.GetValue(lang)!);
            if (recipe is null)
            {
                await Console.Error.WriteLineAsync($"eval {task}: --lang must be zh or en (got '{parse.GetValue(lang)}')");
                return 2;
            }

            var modelPath = parse.GetValue(model)?.FullName ?? Path.Combine(UnderstandingRecipes.ModelDirectory, recipe.ModelFileName);
            TextClassifier classifier;
            try
            {
                classifier = ModelFile.Load(modelPath);
            }
            catch (ModelFileException e)
            {
                await Console.Error.WriteLineAsync($"eval {task}: {e.Message}");
                return 2;
            }

            var file = parse.GetValue(data)!;
            if (!file.Exists)
            {
                await Console.Error.WriteLineAsync($"eval {task}: no such data file: {file.FullName}");
                return 2;
            }

            var (rows, dataset, dropped) = recipe.Read(file.FullName);
            foreach (var problem in dataset.Problems.Take(20))
            {
                await Console.Error.WriteLineAsync($"eval {task}: {file.Name}: {problem}");
            }

            if (dropped > 0)
            {
                await Console.Error.WriteLineAsync($"eval {task}: {dropped} row(s) without a {task} label left out");
            }

            if (parse.GetValue(heldOut))
            {
                rows = ClassifierTraining.HoldOut(recipe, rows, recipe.Settings.Seed).HeldOut;
            }

            var unknown = rows.SelectMany(r => r.Labels).Where(l => !classifier.Labels.Contains(l) && l != classifier.Header.OutOfScopeLabel && l is not "oos").Distinct().Take(5).ToList();
            if (unknown.Count > 0)
            {
                await Console.Error.WriteLineAsync($"eval {task}: labels the model does not know (counted wrong): {string.Join(", ", unknown)}");
            }

            var outOfScope = ClassifierEvaluation.LabelsOutOfScope(classifier, rows);
            var normalized = outOfScope ? rows.Select(r => r.Label == "oos" ? r with { Labels = [classifier.Header.OutOfScopeLabel] } : r).ToList() : rows;
            var metrics = ClassifierEvaluation.Evaluate(classifier, normalized, outOfScope);
            Console.WriteLine($"{dataset.Format} {file.Name}: {rows.Count} rows, model {Path.GetFileName(modelPath)} ({classifier.Header.Task}/{classifier.Header.Language}, {classifier.Labels.Count} labels{(outOfScope ? ", out-of-scope answers on" : "")})");
            if (parse.GetValue(perLabel))
            {
                foreach (var (label, f1, support) in metrics.PerLabel)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label,-28} f1={f1:0.000} support={support}"));
                }
            }

            Console.WriteLine(metrics.Summary());
            return 0;
        });
        return command;
    }
}
