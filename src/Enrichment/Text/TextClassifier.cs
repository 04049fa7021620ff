using System.Numerics;
using System.Runtime.InteropServices;

namespace Middleware.Enrichment.Text;

/// <summary>A label and how sure the model is of it (a calibrated probability).</summary>
public readonly record struct ClassPrediction(int Index, string Label, double Probability);

/// <summary>
/// A trained linear text classifier: features (<see cref="FeatureSpace"/>), one weight per
/// feature and class, calibration. Immutable and safe to share between threads; a prediction
/// allocates nothing but jieba's tokens for models with Chinese word features.
/// </summary>
public sealed class TextClassifier
{
    [ThreadStatic]
    private static int[]? _columns;

    [ThreadStatic]
    private static float[]? _values;

    private readonly float[] _weights;
    private readonly float[] _bias;

    public TextClassifier(ClassifierHeader header, FeatureSpace space, float[] weights, float[] bias, SparseNetwork? network = null)
    {
        var columns = header.Mode == LabelMode.Binary ? 1 : header.Labels.Count;
        if (bias.Length != columns || weights.LongLength != (long)space.Count * columns)
        {
            throw new ArgumentException($"weights for {space.Count} features × {columns} columns expected");
        }

        if (network is not null && (header.Network is null || network.Labels != header.Labels.Count || network.InputColumns.Length > space.Count))
        {
            throw new ArgumentException($"a network needs the header's network record and one output per label ({header.Labels.Count})");
        }

        Header = header;
        Space = space;
        Network = network;
        _weights = weights;
        _bias = bias;
        Columns = columns;
    }

    public ClassifierHeader Header { get; }

    public FeatureSpace Space { get; }

    public IReadOnlyList<string> Labels => Header.Labels;

    /// <summary>The ensemble's second model, blended into <see cref="Probabilities"/> (null: the SVM alone).</summary>
    public SparseNetwork? Network { get; }

    /// <summary>Score columns: 1 for a binary model, one per label otherwise.</summary>
    public int Columns { get; }

    internal ReadOnlySpan<float> Weights => _weights;

    internal ReadOnlySpan<float> Bias => _bias;

    /// <summary>Raw margins, one per column, into <paramref name="scores"/>.</summary>
    public void Scores(ReadOnlySpan<char> text, Span<float> scores)
    {
        var n = Vectorize(text);
        Score(_columns.AsSpan(0, n), _values.AsSpan(0, n), scores);
    }

    /// <summary>The text into this thread's buffers (<see cref="_columns"/>, <see cref="_values"/>); returns the pair count.</summary>
    private int Vectorize(ReadOnlySpan<char> text)
    {
        var columns = _columns ??= new int[256];
        var values = _values ??= new float[256];
        var n = Space.Vectorize(text, ref columns, ref values);
        _columns = columns;
        _values = values;
        return n;
    }

    internal void Score(ReadOnlySpan<int> columns, ReadOnlySpan<float> values, Span<float> scores)
    {
        var k = Columns;
        _bias.AsSpan().CopyTo(scores);
        var weights = _weights.AsSpan();
        var width = Vector<float>.Count;
        for (var i = 0; i < columns.Length; i++)
        {
            var row = weights.Slice(columns[i] * k, k);
            var v = values[i];
            var j = 0;
            if (k >= width)
            {
                var vv = new Vector<float>(v);
                var target = MemoryMarshal.Cast<float, Vector<float>>(scores[..k]);
                var source = MemoryMarshal.Cast<float, Vector<float>>(row);
                for (var q = 0; q < target.Length; q++)
                {
                    target[q] += source[q] * vv;
                }

                j = target.Length * width;
            }

            for (; j < k; j++)
            {
                scores[j] += row[j] * v;
            }
        }
    }

    /// <summary>Calibrated probabilities, one per label, into <paramref name="probabilities"/>.</summary>
    public void Probabilities(ReadOnlySpan<char> text, Span<float> probabilities)
    {
        Span<float> scores = Columns <= 256 ? stackalloc float[Columns] : new float[Columns];
        var n = Vectorize(text);
        var columns = _columns.AsSpan(0, n);
        var values = _values.AsSpan(0, n);
        Score(columns, values, scores);
        ToProbabilities(scores, probabilities);
        if (Network is { } network && Header.Network is { Weight: > 0 } blend)
        {
            Span<float> second = Labels.Count <= 256 ? stackalloc float[Labels.Count] : new float[Labels.Count];
            network.Probabilities(columns, values, blend.Temperature, second);
            Blend(probabilities, second, blend.Weight);
        }
    }

    internal static void Blend(Span<float> probabilities, ReadOnlySpan<float> second, double weight)
    {
        for (var i = 0; i < probabilities.Length; i++)
        {
            probabilities[i] = (float)(((1 - weight) * probabilities[i]) + (weight * second[i]));
        }
    }

    internal void ToProbabilities(ReadOnlySpan<float> scores, Span<float> probabilities)
    {
        var scale = Header.Scale;
        var offset = Header.Offset;
        switch (Header.Mode)
        {
            case LabelMode.Binary:
                var p = Sigmoid((scale * scores[0]) + offset);
                probabilities[0] = (float)(1 - p);
                probabilities[1] = (float)p;
                break;
            case LabelMode.MultiLabel:
                for (var i = 0; i < scores.Length; i++)
                {
                    probabilities[i] = (float)Sigmoid((scale * scores[i]) + offset);
                }

                break;
            default:
                SparseNetwork.Softmax(scores, scale, probabilities); // temperature scaling (Guo et al. 2017)
                break;
        }
    }

    /// <summary>The most probable label (ignores the out-of-scope threshold; see <see cref="PredictInScope"/>).</summary>
    public ClassPrediction Predict(ReadOnlySpan<char> text)
    {
        Span<float> probabilities = Labels.Count <= 256 ? stackalloc float[Labels.Count] : new float[Labels.Count];
        Probabilities(text, probabilities);
        var best = ArgMax(probabilities);
        return new ClassPrediction(best, Labels[best], probabilities[best]);
    }

    /// <summary>The most probable label, or the out-of-scope answer (index -1) when the model is not sure enough.</summary>
    public ClassPrediction PredictInScope(ReadOnlySpan<char> text)
    {
        var prediction = Predict(text);
        return Header.OutOfScopeBelow is { } below && prediction.Probability < below
            ? new ClassPrediction(-1, Header.OutOfScopeLabel, prediction.Probability)
            : prediction;
    }

    /// <summary>Multi-label: the labels whose probability reaches their threshold (the top one when none does).</summary>
    public IReadOnlyList<ClassPrediction> PredictLabels(ReadOnlySpan<char> text)
    {
        var probabilities = new float[Labels.Count];
        Probabilities(text, probabilities);
        return ChooseLabels(probabilities);
    }

    internal IReadOnlyList<ClassPrediction> ChooseLabels(ReadOnlySpan<float> probabilities)
    {
        var chosen = new List<ClassPrediction>();
        var thresholds = Header.Thresholds;
        for (var i = 0; i < probabilities.Length; i++)
        {
            if (thresholds is not null && probabilities[i] >= thresholds[i])
            {
                chosen.Add(new ClassPrediction(i, Labels[i], probabilities[i]));
            }
        }

        if (chosen.Count == 0)
        {
            var best = ArgMax(probabilities);
            chosen.Add(new ClassPrediction(best, Labels[best], probabilities[best]));
        }

        return chosen;
    }

    internal static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    internal static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));
}
