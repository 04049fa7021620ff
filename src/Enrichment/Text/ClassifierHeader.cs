namespace Middleware.Enrichment.Text;

/// <summary>How a classifier's labels relate: one of two, one of many, or any of many.</summary>
public enum LabelMode
{
    /// <summary>Two labels, one separator: the second label's probability is sigmoid(scale × score + offset).</summary>
    Binary,

    /// <summary>One label of many: softmax(scale × scores).</summary>
    SingleLabel,

    /// <summary>Any labels of many (GoEmotions): per label sigmoid(scale × score + offset) against that label's threshold.</summary>
    MultiLabel,
}

/// <summary>What a model file says about itself: task, language, labels, features, calibration and how it was trained.</summary>
public sealed record ClassifierHeader
{
    public int Format { get; init; } = 1;

    /// <summary>sentiment, emotion, intent.</summary>
    public string Task { get; init; } = "";

    public string Language { get; init; } = "";

    public LabelMode Mode { get; init; }

    public IReadOnlyList<string> Labels { get; init; } = [];

    public FeaturizerOptions Featurizer { get; init; } = new();

    public double Scale { get; init; } = 1;

    public double Offset { get; init; }

    /// <summary>Multi-label: the probability each label needs (tuned on a split the model did not learn from).</summary>
    public IReadOnlyList<double>? Thresholds { get; init; }

    /// <summary>Single-label: below this top probability the answer is <see cref="OutOfScopeLabel"/> (CLINC150-style).</summary>
    public double? OutOfScopeBelow { get; init; }

    public string OutOfScopeLabel { get; init; } = "out_of_scope";

    /// <summary>The ensemble's network (format 2): its shape and how it is blended; null for the SVM alone.</summary>
    public NetworkOptions? Network { get; init; }

    public TrainingRecord? Training { get; init; }
}

/// <summary>The numbers and the command a shipped model came from, so anyone can check and reproduce it.</summary>
public sealed record TrainingRecord
{
    public string Command { get; init; } = "";

    public IReadOnlyList<string> Data { get; init; } = [];

    public int TrainRows { get; init; }

    public int TuneRows { get; init; }

    public int HeldOutRows { get; init; }

    public double C { get; init; }

    public double? HeldOutAccuracy { get; init; }

    public double? HeldOutMacroF1 { get; init; }

    public string? Notes { get; init; }

    public DateTimeOffset TrainedAt { get; init; }
}
