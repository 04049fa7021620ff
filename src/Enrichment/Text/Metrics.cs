namespace Middleware.Enrichment.Text;

/// <summary>
/// Accuracy and macro-averaged F1 (the unweighted mean of per-label F1, over labels that occur in
/// the gold or the predictions), for single-label and multi-label predictions. For multi-label
/// rows accuracy is the exact-match ratio (all labels right), macro-F1 is GoEmotions' measure.
/// </summary>
public sealed class Metrics
{
    private readonly Dictionary<string, (int Tp, int Fp, int Fn)> _counts = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    public int Correct { get; private set; }

    public double Accuracy => Count == 0 ? 0 : (double)Correct / Count;

    public double MacroF1
    {
        get
        {
            var f1s = _counts.Values.Where(c => c.Tp + c.Fp + c.Fn > 0).Select(F1).ToList();
            return f1s.Count == 0 ? 0 : f1s.Average();
        }
    }

    public IEnumerable<(string Label, double F1, int Support)> PerLabel =>
        _counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, F1(kv.Value), kv.Value.Tp + kv.Value.Fn));

    public void Add(string gold, string predicted) => Add([gold], [predicted]);

    public void Add(IReadOnlyCollection<string> gold, IReadOnlyCollection<string> predicted)
    {
        Count++;
        if (gold.Count == predicted.Count && gold.All(predicted.Contains))
        {
            Correct++;
        }

        foreach (var g in gold)
        {
            var c = _counts.GetValueOrDefault(g);
            _counts[g] = predicted.Contains(g) ? (c.Tp + 1, c.Fp, c.Fn) : (c.Tp, c.Fp, c.Fn + 1);
        }

        foreach (var p in predicted)
        {
            if (!gold.Contains(p))
            {
                var c = _counts.GetValueOrDefault(p);
                _counts[p] = (c.Tp, c.Fp + 1, c.Fn);
            }
        }
    }

    /// <summary>The line eval ends with: accuracy=0.NNN macro_f1=0.NNN n=N.</summary>
    public string Summary() => string.Create(CultureInfo.InvariantCulture, $"accuracy={Accuracy:0.000} macro_f1={MacroF1:0.000} n={Count}");

    private static double F1((int Tp, int Fp, int Fn) c) => c.Tp == 0 ? 0 : 2.0 * c.Tp / ((2.0 * c.Tp) + c.Fp + c.Fn);
}
