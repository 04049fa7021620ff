namespace Middleware.Enrichment.Text;

/// <summary>How one classifier is trained (each capability's recipe fills these; the train verb can override them).</summary>
public sealed record TrainingSettings
{
    public FeaturizerOptions Featurizer { get; init; } = new();

    public LabelMode Mode { get; init; } = LabelMode.SingleLabel;

    /// <summary>Features seen in fewer training texts are dropped.</summary>
    public int MinDf { get; init; } = 2;

    public int MaxFeatures { get; init; } = 400_000;

    /// <summary>SVM costs to try; the one best on the tuning split is kept.</summary>
    public IReadOnlyList<double> CGrid { get; init; } = [0.5];

    /// <summary>Binary only: scale features by naive-Bayes log-count ratios (Wang &amp; Manning, ACL 2012, NBSVM).</summary>
    public bool NaiveBayes { get; init; }

    /// <summary>Per-class cost weighting for small classes (see <see cref="LinearSvmTrainer.BalancePower"/>).</summary>
    public double BalancePower { get; init; }

    /// <summary>After tuning, train again on train + tuning rows with the chosen settings.</summary>
    public bool Refit { get; init; } = true;

    /// <summary>Weights smaller than this (in absolute value) are stored as zero: smaller files, same answers.</summary>
    public double PruneBelow { get; init; }

    /// <summary>How much in-scope accuracy the out-of-scope answer may cost on the tuning rows.</summary>
    public double OutOfScopeCost { get; init; } = 0.03;

    /// <summary>Single-label and binary: also train a <see cref="SparseNetwork"/> and blend it in (null: the SVM alone).</summary>
    public NetworkOptions? Network { get; init; }

    public int Seed { get; init; } = DataSplit.DefaultSeed;

    public int Parallelism { get; init; } = 2;
}
