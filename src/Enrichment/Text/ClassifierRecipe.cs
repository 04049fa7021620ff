namespace Middleware.Enrichment.Text;

/// <summary>How held-out rows are chosen so they say something about unseen text.</summary>
public enum HoldOutStrategy
{
    /// <summary>By a hash of the text: duplicates stay on one side.</summary>
    ByText,

    /// <summary>
    /// SST-2 style data, where the training file holds sentences and every phrase of them: held-out
    /// rows are whole sentences (no longer row contains them), and every row that is part of a
    /// held-out sentence is kept out of training, so no held-out sentence was seen in pieces.
    /// </summary>
    SentencesWithTheirPhrases,
}

/// <summary>
/// Everything that makes one shipped classifier what it is: the task and language, where text and
/// label sit in its files, how labels are read, how it is trained. A recipe is the single source for
/// both the train and the eval verb, so eval reads a file exactly as train did.
/// </summary>
public sealed record ClassifierRecipe
{
    public required string Task { get; init; }

    public required TextLanguage Language { get; init; }

    public required ColumnChoice Columns { get; init; }

    public required TrainingSettings Settings { get; init; }

    /// <summary>The labels in model order; null takes the labels found in the data, sorted.</summary>
    public IReadOnlyList<string>? Labels { get; init; }

    /// <summary>Names for numeric ids in GoEmotions-style files.</summary>
    public IReadOnlyList<string>? IdNames { get; init; }

    /// <summary>Maps a row's raw labels to the model's; null drops the row (e.g. an ambiguous emotion for a sentiment model).</summary>
    public Func<LabelledText, LabelledDataset, IReadOnlyList<string>?> MapLabels { get; init; } = (row, _) => row.Labels;

    public HoldOutStrategy HoldOut { get; init; } = HoldOutStrategy.ByText;

    public double HoldOutFraction { get; init; } = 0.1;

    public double TuneFraction { get; init; } = 0.1;

    /// <summary>The file name the shipped model has under models/.</summary>
    public string ModelFileName => $"{Task}-{Language.Code()}.model";

    /// <summary>Reads a file as this recipe's data: rows with their labels mapped, unmappable rows dropped and counted.</summary>
    public (List<LabelledText> Rows, LabelledDataset Dataset, int Dropped) Read(string path)
    {
        var dataset = DatasetReader.Read(path, Columns, IdNames);
        var rows = new List<LabelledText>(dataset.Rows.Count);
        var dropped = 0;
        foreach (var row in dataset.Rows)
        {
            var labels = MapLabels(row, dataset);
            if (labels is null || labels.Count == 0)
            {
                dropped++;
                continue;
            }

            rows.Add(row with { Labels = labels });
        }

        return (rows, dataset, dropped);
    }
}
