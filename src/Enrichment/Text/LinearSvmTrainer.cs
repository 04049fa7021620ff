namespace Middleware.Enrichment.Text;

/// <summary>
/// One-vs-rest linear SVMs with squared hinge loss, solved in the dual by coordinate descent
/// (Hsieh et al., ICML 2008: "A Dual Coordinate Descent Method for Large-scale Linear SVM", the
/// solver behind LIBLINEAR's -s 1). The bias is an extra feature of value 1, as LIBLINEAR's -B 1.
/// Deterministic for a seed; the classes train in parallel (at most <see cref="Parallelism"/>).
/// </summary>
public sealed class LinearSvmTrainer
{
    public double C { get; init; } = 0.5;

    public int MaxEpochs { get; init; } = 40;

    /// <summary>Stops when the projected-gradient spread falls below this (LIBLINEAR's -e 0.1).</summary>
    public double Tolerance { get; init; } = 0.1;

    public int Seed { get; init; } = 12;

    public int Parallelism { get; init; } = 2;

    /// <summary>
    /// Weigh each class's own rows by sqrt(others / own) in its one-vs-rest problem (LIBLINEAR's -wi
    /// per-class cost), so a small class is not drowned by the rest. 0 = off, 1 = the full ratio.
    /// </summary>
    public double BalancePower { get; init; }

    /// <summary>Trains <paramref name="classes"/> separators; <paramref name="isPositive"/>(row, class) says which rows are in the class.</summary>
    /// <returns>Weights feature-major (weights[feature * classes + class]) and one bias per class.</returns>
    public (float[] Weights, float[] Bias) Train(SparseRows rows, int features, int classes, Func<int, int, bool> isPositive)
    {
        var weights = new float[(long)features * classes];
        var bias = new float[classes];
        Parallel.For(0, classes, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, k =>
        {
            var (w, b) = TrainOne(rows, features, i => isPositive(i, k));
            for (var f = 0; f < features; f++)
            {
                weights[((long)f * classes) + k] = (float)w[f];
            }

            bias[k] = (float)b;
        });
        return (weights, bias);
    }

    private (double[] W, double B) TrainOne(SparseRows rows, int features, Func<int, bool> positive)
    {
        var n = rows.Count;
        var w = new double[features];
        var b = 0.0;
        var alpha = new double[n];
        var y = new sbyte[n];
        var qii = new double[n];
        for (var i = 0; i < n; i++)
        {
            y[i] = positive(i) ? (sbyte)1 : (sbyte)-1;
        }

        var positives = y.Count(v => v > 0);
        var positiveCost = BalancePower > 0 && positives > 0 ? C * Math.Pow((n - positives) / (double)positives, BalancePower) : C;
        var diagonal = new double[] { 1.0 / (2.0 * C), 1.0 / (2.0 * positiveCost) };
        for (var i = 0; i < n; i++)
        {
            var diag = diagonal[y[i] > 0 ? 1 : 0];
            var sq = 1.0 + diag;
            foreach (var v in rows.ValuesOf(i))
            {
                sq += v * v;
            }

            qii[i] = sq;
        }

        var order = Enumerable.Range(0, n).ToArray();
        var random = new Random(Seed);
        for (var epoch = 0; epoch < MaxEpochs; epoch++)
        {
            random.Shuffle(order);
            var maxPg = double.NegativeInfinity;
            var minPg = double.PositiveInfinity;
            foreach (var i in order)
            {
                var cols = rows.ColumnsOf(i);
                var vals = rows.ValuesOf(i);
                var dot = b;
                for (var j = 0; j < cols.Length; j++)
                {
                    dot += w[cols[j]] * vals[j];
                }

                var g = (y[i] * dot) - 1.0 + (diagonal[y[i] > 0 ? 1 : 0] * alpha[i]);
                var pg = alpha[i] == 0 ? Math.Min(g, 0) : g;
                maxPg = Math.Max(maxPg, pg);
                minPg = Math.Min(minPg, pg);
                if (Math.Abs(pg) < 1e-12)
                {
                    continue;
                }

                var old = alpha[i];
                alpha[i] = Math.Max(old - (g / qii[i]), 0);
                var d = (alpha[i] - old) * y[i];
                for (var j = 0; j < cols.Length; j++)
                {
                    w[cols[j]] += d * vals[j];
                }

                b += d;
            }

            if (maxPg - minPg < Tolerance)
            {
                break;
            }
        }

        return (w, b);
    }
}
