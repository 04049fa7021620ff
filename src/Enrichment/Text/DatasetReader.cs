using System.Text.Json;
using System.Text.RegularExpressions;

namespace Middleware.Enrichment.Text;

/// <summary>
/// Reads the labelled files the train and eval verbs take, telling the format from the content:
/// CSV with a header (label,review · text,category · cat,label,review · Bitext's columns), TSV
/// text&lt;TAB&gt;label (with or without a sentence/label header, as GLUE's SST-2), GoEmotions' TSV
/// text&lt;TAB&gt;ids&lt;TAB&gt;comment-id (comma-separated ids into the emotion list), and JSON lines
/// {"content"|"text", "label"} (CLUEmotion). A bad row is reported with its line and skipped;
/// only a missing or unreadable file is an error.
/// </summary>
public static partial class DatasetReader
{
    /// <param name="idNames">Names for numeric label ids (GoEmotions' emotions.txt order); null keeps ids as they are.</param>
    public static LabelledDataset Read(string path, ColumnChoice columns, IReadOnlyList<string>? idNames = null)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"data file not found: {path}", path);
        }

        using var stream = File.OpenRead(path);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var first = reader.ReadLine() ?? "";
        stream.Position = 0;
        reader.DiscardBufferedData();
        var problems = new List<string>();
        var trimmed = first.TrimStart('\uFEFF', ' ');
        if (trimmed.StartsWith('{'))
        {
            return new LabelledDataset(path, "jsonl", ReadJsonLines(reader, columns, problems), problems);
        }

        if (first.Contains('\t'))
        {
            var cells = first.Split('\t');
            var goEmotions = cells.Length == 3 && IdList().IsMatch(cells[1]);
            var rows = ReadTsv(reader, goEmotions, idNames, problems);
            return new LabelledDataset(path, goEmotions ? "goemotions-tsv" : "tsv", rows, problems);
        }

        return new LabelledDataset(path, "csv", ReadCsv(reader, columns, problems), problems);
    }

    private static List<LabelledText> ReadCsv(TextReader reader, ColumnChoice choice, List<string> problems)
    {
        var rows = new List<LabelledText>();
        int textColumn = -1, labelColumn = -1, width = 0;
        foreach (var (line, fields) in CsvReader.Records(reader, ',', problems))
        {
            if (textColumn < 0)
            {
                var header = fields.Select(f => f.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToList();
                textColumn = Pick(header, choice.TextColumns);
                labelColumn = Pick(header, choice.LabelColumns);
                width = header.Count;
                if (textColumn < 0 || labelColumn < 0)
                {
                    problems.Add($"line {line}: header '{string.Join(",", header)}' has no text column ({string.Join("|", choice.TextColumns)}) or no label column ({string.Join("|", choice.LabelColumns)})");
                    return rows;
                }

                continue;
            }

            if (fields.Count != width)
            {
                problems.Add($"line {line}: {fields.Count} fields where the header has {width}; row skipped");
                continue;
            }

            Add(rows, problems, line, fields[textColumn], [fields[labelColumn].Trim()]);
        }

        if (textColumn < 0)
        {
            problems.Add("line 1: empty file, no header");
        }

        return rows;
    }

    private static List<LabelledText> ReadTsv(TextReader reader, bool goEmotions, IReadOnlyList<string>? idNames, List<string> problems)
    {
        var rows = new List<LabelledText>();
        var lineNumber = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var cells = line.Split('\t');
            if (cells.Length < 2)
            {
                problems.Add($"line {lineNumber}: no tab between text and label; row skipped");
                continue;
            }

            if (lineNumber == 1 && cells[1].Trim().Equals("label", StringComparison.OrdinalIgnoreCase))
            {
                continue; // GLUE's "sentence<TAB>label" header
            }

            if (!goEmotions)
            {
                Add(rows, problems, lineNumber, cells[0], [cells[1].Trim()]);
                continue;
            }

            var labels = new List<string>();
            foreach (var id in cells[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (idNames is null)
                {
                    labels.Add(id);
                }
                else if (int.TryParse(id, out var k) && k >= 0 && k < idNames.Count)
                {
                    labels.Add(idNames[k]);
                }
                else
                {
                    problems.Add($"line {lineNumber}: emotion id '{id}' is not in the {idNames.Count} emotions; label dropped");
                }
            }

            Add(rows, problems, lineNumber, cells[0], labels);
        }

        return rows;
    }

    private static List<LabelledText> ReadJsonLines(TextReader reader, ColumnChoice choice, List<string> problems)
    {
        var rows = new List<LabelledText>();
        var lineNumber = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(line);
                var text = Find(doc.RootElement, choice.TextColumns);
                var label = Find(doc.RootElement, choice.LabelColumns);
                if (text is null || label is null)
                {
                    problems.Add($"line {lineNumber}: no text ({string.Join("|", choice.TextColumns)}) or label ({string.Join("|", choice.LabelColumns)}) property; row skipped");
                    continue;
                }

                Add(rows, problems, lineNumber, text, [label.Trim()]);
            }
            catch (JsonException e)
            {
                problems.Add($"line {lineNumber}: not JSON ({e.Message}); row skipped");
            }
        }

        return rows;
    }

    private static void Add(List<LabelledText> rows, List<string> problems, int line, string text, IReadOnlyList<string> labels)
    {
        if (labels.Count == 0 || labels.Any(string.IsNullOrEmpty))
        {
            problems.Add($"line {line}: empty label; row skipped");
            return;
        }

        rows.Add(new LabelledText(text, labels, line));
    }

    private static string? Find(JsonElement element, IReadOnlyList<string> names)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in names)
        {
            if (element.TryGetProperty(name, out var value))
            {
                return value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
            }
        }

        return null;
    }

    private static int Pick(List<string> header, IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            var i = header.IndexOf(name);
            if (i >= 0)
            {
                return i;
            }
        }

        return -1;
    }

    [GeneratedRegex(@"^\d+(,\d+)*$")]
    private static partial Regex IdList();
}
