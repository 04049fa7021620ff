namespace Middleware.Enrichment.Text;

/// <summary>One labelled text of a data set: the text, its label(s), and the line it started on.</summary>
public sealed record LabelledText(string Text, IReadOnlyList<string> Labels, int Line)
{
    public string Label => Labels.Count > 0 ? Labels[0] : "";
}

/// <summary>A data file read for training or evaluation, with the rows it had to skip and why.</summary>
public sealed record LabelledDataset(string Path, string Format, IReadOnlyList<LabelledText> Rows, IReadOnlyList<string> Problems);

/// <summary>Which columns of a CSV with a header hold the text and the label, in order of preference.</summary>
public sealed record ColumnChoice(IReadOnlyList<string> TextColumns, IReadOnlyList<string> LabelColumns)
{
    public static ColumnChoice Sentiment { get; } = new(["review", "text", "content", "sentence", "instruction"], ["label", "sentiment", "polarity"]);

    public static ColumnChoice Intent { get; } = new(["text", "instruction", "review", "content", "utterance", "query"], ["category", "intent", "cat", "label"]);

    public static ColumnChoice Emotion { get; } = new(["text", "content", "review", "sentence"], ["label", "emotion", "emotions"]);
}
