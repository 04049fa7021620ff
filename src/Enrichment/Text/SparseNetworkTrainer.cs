namespace Middleware.Enrichment.Text;

/// <summary>
/// How the ensemble's network is made (<see cref="TrainingSettings.Network"/>) and, once tuned, how
/// it is blended (the model header keeps the same record with <see cref="Temperature"/> and
/// <see cref="Weight"/> filled in).
/// </summary>
public sealed record NetworkOptions
{
    public int Hidden { get; init; } = 128;

    /// <summary>Input rows for at most this many features, the most frequent (lowest idf) first.</summary>
    public int MaxInputs { get; init; } = 20_000;

    public int Epochs { get; init; } = 10;

    /// <summary>SGD step, decayed linearly to 0 over the epochs (as fastText).</summary>
    public double LearningRate { get; init; } = 0.3;

    /// <summary>softmax(T × logits), T fitted on the tuning rows.</summary>
    public double Temperature { get; init; } = 1;

    /// <summary>p = (1 − w)·p(SVM) + w·p(network); w chosen on the tuning rows.</summary>
    public double Weight { get; init; }
}

/// <summary>
/// Trains a <see cref="SparseNetwork"/> by plain SGD on softmax cross-entropy, one row at a time
/// in a seeded order, single-threaded, so the same rows and seed give the same bits. Input rows
/// are updated only for the features a text has (a sparse step), which keeps an epoch over 50,000
/// reviews to about a second.
/// </summary>
public static class SparseNetworkTrainer
{
    public static SparseNetwork Train(FeatureSpace space, SparseRows rows, int[] gold, int labels, NetworkOptions options, int seed)
    {
        var h = options.Hidden;
        var inputColumns = Enumerable.Range(0, space.Count)
            .OrderBy(c => space.Idf[c]).ThenBy(c => c)
            .Take(options.MaxInputs)
            .Order()
            .ToArray();
        var probe = new SparseNetwork(space.Count, inputColumns, new float[(long)inputColumns.Length * h], new float[h], new float[h * labels], new float[labels]);
        var random = new Random(seed);
        var input = probe.Input;
        var output = probe.Output;
        var hiddenBias = probe.HiddenBias;
        var outputBias = probe.OutputBias;
        // Small input weights (fastText starts at ±1/dim): what the rows learn must outweigh the random start,
        // or the hidden layer stays a random projection of the n-grams.
        // On BANKING77's tuning rows a start of ±√3 (unit-variance pre-activations) left the network at 0.80
        // alone, ±0.1 at 0.86 (64 hidden units, 20 epochs at 0.5).
        const float spread = 0.1f;
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = (float)(((random.NextDouble() * 2) - 1) * spread);
        }

        var glorot = Math.Sqrt(6.0 / (h + labels));
        for (var i = 0; i < output.Length; i++)
        {
            output[i] = (float)(((random.NextDouble() * 2) - 1) * glorot);
        }

        var hidden = new float[h];
        var logits = new float[labels];
        var dHidden = new float[h];
        var order = Enumerable.Range(0, rows.Count).ToArray();
        var total = (double)options.Epochs * rows.Count;
        var step = 0L;
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var i in order)
            {
                var lr = (float)(options.LearningRate * (1.0 - (step++ / total)));
                var cols = rows.ColumnsOf(i);
                var vals = rows.ValuesOf(i);
                probe.Forward(cols, vals, hidden, logits);
                SparseNetwork.Softmax(logits, 1);
                logits[gold[i]] -= 1;
                for (var j = 0; j < h; j++)
                {
                    if (hidden[j] <= 0)
                    {
                        dHidden[j] = 0;
                        continue;
                    }

                    var row = output.AsSpan(j * labels, labels);
                    var d = 0f;
                    for (var k = 0; k < labels; k++)
                    {
                        d += row[k] * logits[k];
                    }

                    dHidden[j] = d;
                    SparseNetwork.AddScaled(row, logits, -lr * hidden[j]);
                }

                SparseNetwork.AddScaled(outputBias, logits, -lr);
                SparseNetwork.AddScaled(hiddenBias, dHidden, -lr);
                for (var q = 0; q < cols.Length; q++)
                {
                    var r = probe.RowOf(cols[q]);
                    if (r >= 0)
                    {
                        SparseNetwork.AddScaled(input.AsSpan(r * h, h), dHidden, -lr * vals[q]);
                    }
                }
            }
        }

        QuantizeRows(input, h);
        return probe;
    }

    /// <summary>Rounds each input row onto the 8-bit grid the model file stores (scale = max |w| / 127).</summary>
    public static void QuantizeRows(float[] input, int hidden)
    {
        for (var start = 0; start < input.Length; start += hidden)
        {
            var row = input.AsSpan(start, hidden);
            var scale = RowScale(row);
            for (var j = 0; j < hidden; j++)
            {
                row[j] = scale == 0 ? 0 : MathF.Round(row[j] / scale) * scale;
            }
        }
    }

    internal static float RowScale(ReadOnlySpan<float> row)
    {
        var max = 0f;
        foreach (var w in row)
        {
            max = Math.Max(max, Math.Abs(w));
        }

        return max / 127f;
    }
}
