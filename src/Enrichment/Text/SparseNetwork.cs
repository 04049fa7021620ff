using System.Numerics;
using System.Runtime.InteropServices;

namespace Middleware.Enrichment.Text;

/// <summary>
/// The second model of an ensemble: one hidden ReLU layer over the same sparse tf-idf vector the
/// linear SVM reads, then a softmax over the labels (a fastText-style bag of trained n-gram
/// embeddings, Joulin et al. 2017, with a non-linearity). It is biased differently from the
/// one-vs-rest SVMs (the hidden units are shared by every label, so rare n-grams borrow strength
/// from related ones), which is what averaging two models needs. Only the most frequent
/// <see cref="Inputs"/> features have an input row, to keep model files small; input weights are
/// stored as 8-bit integers with one scale per row (the weights held here are already on that grid).
/// Immutable once built; a forward pass allocates nothing.
/// </summary>
public sealed class SparseNetwork
{
    private readonly int[] _rowOf;

    public SparseNetwork(int spaceCount, int[] inputColumns, float[] input, float[] hiddenBias, float[] output, float[] outputBias)
    {
        Hidden = hiddenBias.Length;
        Labels = outputBias.Length;
        if (Hidden < 1 || Labels < 2 || input.LongLength != (long)inputColumns.Length * Hidden || output.Length != Hidden * Labels)
        {
            throw new ArgumentException($"network tensors do not fit {inputColumns.Length} inputs × {Hidden} hidden × {Labels} labels");
        }

        _rowOf = new int[spaceCount];
        Array.Fill(_rowOf, -1);
        for (var r = 0; r < inputColumns.Length; r++)
        {
            if ((uint)inputColumns[r] >= (uint)spaceCount || (r > 0 && inputColumns[r] <= inputColumns[r - 1]))
            {
                throw new ArgumentException($"input column {inputColumns[r]} at row {r} is not an ascending column of {spaceCount} features");
            }

            _rowOf[inputColumns[r]] = r;
        }

        InputColumns = inputColumns;
        Input = input;
        HiddenBias = hiddenBias;
        Output = output;
        OutputBias = outputBias;
    }

    public int Hidden { get; }

    public int Labels { get; }

    public int Inputs => InputColumns.Length;

    /// <summary>The feature-space columns that have an input row, ascending.</summary>
    public int[] InputColumns { get; }

    /// <summary>Input weights, row-major: Input[row * Hidden + unit].</summary>
    public float[] Input { get; }

    public float[] HiddenBias { get; }

    /// <summary>Output weights, hidden-major: Output[unit * Labels + label].</summary>
    public float[] Output { get; }

    public float[] OutputBias { get; }

    internal int RowOf(int column) => _rowOf[column];

    /// <summary>False when training diverged (a weight is NaN or infinite).</summary>
    public bool IsFinite() => new[] { Input, HiddenBias, Output, OutputBias }.All(a => Array.TrueForAll(a, float.IsFinite));

    /// <summary>Hidden activations (after ReLU) into <paramref name="hidden"/>, label logits into <paramref name="logits"/>.</summary>
    public void Forward(ReadOnlySpan<int> columns, ReadOnlySpan<float> values, Span<float> hidden, Span<float> logits)
    {
        var h = Hidden;
        HiddenBias.AsSpan().CopyTo(hidden);
        var input = Input.AsSpan();
        for (var i = 0; i < columns.Length; i++)
        {
            var row = _rowOf[columns[i]];
            if (row >= 0)
            {
                AddScaled(hidden, input.Slice(row * h, h), values[i]);
            }
        }

        OutputBias.AsSpan().CopyTo(logits);
        var output = Output.AsSpan();
        for (var j = 0; j < h; j++)
        {
            if (hidden[j] <= 0)
            {
                hidden[j] = 0;
                continue;
            }

            AddScaled(logits, output.Slice(j * Labels, Labels), hidden[j]);
        }
    }

    /// <summary>softmax(temperature × logits) into <paramref name="probabilities"/>.</summary>
    public void Probabilities(ReadOnlySpan<int> columns, ReadOnlySpan<float> values, double temperature, Span<float> probabilities)
    {
        Span<float> hidden = Hidden <= 1024 ? stackalloc float[Hidden] : new float[Hidden];
        Forward(columns, values, hidden, probabilities);
        Softmax(probabilities, temperature);
    }

    internal static void Softmax(Span<float> logits, double temperature) => Softmax(logits, temperature, logits);

    /// <summary>softmax(temperature × logits) into <paramref name="into"/> (which may be <paramref name="logits"/> itself); shared with the SVM's calibration.</summary>
    internal static void Softmax(ReadOnlySpan<float> logits, double temperature, Span<float> into)
    {
        var max = double.NegativeInfinity;
        foreach (var s in logits)
        {
            max = Math.Max(max, temperature * s);
        }

        var sum = 0.0;
        for (var i = 0; i < logits.Length; i++)
        {
            var e = Math.Exp((temperature * logits[i]) - max); // read before the same index is written
            into[i] = (float)e;
            sum += e;
        }

        for (var i = 0; i < logits.Length; i++)
        {
            into[i] = (float)(into[i] / sum);
        }
    }

    internal static void AddScaled(Span<float> target, ReadOnlySpan<float> source, float scale)
    {
        var j = 0;
        var width = Vector<float>.Count;
        if (target.Length >= width)
        {
            var s = new Vector<float>(scale);
            var t = MemoryMarshal.Cast<float, Vector<float>>(target);
            var src = MemoryMarshal.Cast<float, Vector<float>>(source);
            for (var q = 0; q < t.Length; q++)
            {
                t[q] += src[q] * s;
            }

            j = t.Length * width;
        }

        for (; j < target.Length; j++)
        {
            target[j] += source[j] * scale;
        }
    }
}
