using Middleware.Enrichment.Privacy;
using Middleware.Enrichment.Privacy.Evaluation;

namespace Middleware.Host.Cli;

/// <summary>
/// middleware eval pii [--data FILE] [--seed N --count N] [--misses]: recall and precision of the
/// redactor the pipeline runs, per type, on marked utterances (a file, or the seeded generated set);
/// the last line is recall=0.NNNN precision=0.NNNN n=N.
/// </summary>
public static class PiiEvalCommand
{
    public static Command Build()
    {
        var data = new Option<FileInfo?>("--data") { Description = "Marked utterances, one a line: 'en<TAB>my card is [[CARD:6222 …]]' (default: the generated set)" };
        var seed = new Option<int>("--seed") { Description = "Seed of the generated set", DefaultValueFactory = _ => 13 };
        var count = new Option<int>("--count") { Description = "Size of the generated set", DefaultValueFactory = _ => 2000 };
        var misses = new Option<bool>("--misses") { Description = "Print every missed and every wrong span first" };
        var write = new Option<FileInfo?>("--write") { Description = "Also write the generated set, marked, to this file" };
        var command = new Command("pii", "Measure PII redaction: recall and precision per type; last line: recall=… precision=… n=…") { data, seed, count, misses, write };
        command.SetAction(async (parse, cancellationToken) =>
        {
            List<LabelledUtterance> set;
            if (parse.GetValue(data) is { } file)
            {
                if (!file.Exists)
                {
                    await Console.Error.WriteLineAsync($"eval pii: no such data file: {file.FullName}");
                    return 2;
                }

                var lines = await File.ReadAllLinesAsync(file.FullName, cancellationToken);
                set = [];
                for (var i = 0; i < lines.Length; i++)
                {
                    if (LabelledUtterance.Parse(lines[i]) is { } u)
                    {
                        set.Add(u);
                    }
                    else if (lines[i].Length > 0 && lines[i][0] != '#')
                    {
                        await Console.Error.WriteLineAsync($"eval pii: {file.Name}:{i + 1}: not 'en|zh<TAB>text with [[TYPE:value]]'; skipped");
                    }
                }
            }
            else
            {
                set = PiiCorpus.Generate(parse.GetValue(seed), parse.GetValue(count));
                if (parse.GetValue(write) is { } output)
                {
                    await File.WriteAllLinesAsync(output.FullName, set.Select(u => u.ToLine()), cancellationToken);
                }
            }

            var score = PiiScore.Of(set, new PrivacyOptions().Redactor());
            if (parse.GetValue(misses))
            {
                score.Misses.ForEach(Console.WriteLine);
            }

            var c = CultureInfo.InvariantCulture;
            Console.WriteLine("type      marked  recall   found  precision");
            foreach (var (type, gold, recall, predicted, precision) in score.ByType())
            {
                Console.WriteLine(string.Create(c, $"{type,-8} {gold,7}  {recall,6:0.0000} {predicted,7}  {precision,9:0.0000}"));
            }

            Console.WriteLine(string.Create(c, $"utterances={score.Utterances} marked={score.Gold} leaked={score.Leaked}"));
            Console.WriteLine(string.Create(c, $"recall={score.Recall:0.0000} precision={score.Precision:0.0000} n={score.Utterances}"));
            return 0;
        });
        return command;
    }
}
