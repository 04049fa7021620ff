namespace Middleware.Enrichment.Text;

/// <summary>Training texts as compressed sparse rows (one row per text, columns sorted).</summary>
public sealed class SparseRows
{
    private SparseRows(int[] rowStart, int[] columns, float[] values)
    {
        RowStart = rowStart;
        Columns = columns;
        Values = values;
    }

    public int[] RowStart { get; }

    public int[] Columns { get; }

    public float[] Values { get; }

    public int Count => RowStart.Length - 1;

    public ReadOnlySpan<int> ColumnsOf(int row) => Columns.AsSpan(RowStart[row], RowStart[row + 1] - RowStart[row]);

    public ReadOnlySpan<float> ValuesOf(int row) => Values.AsSpan(RowStart[row], RowStart[row + 1] - RowStart[row]);

    public static SparseRows Build(FeatureSpace space, IReadOnlyList<string> texts)
    {
        var rowStart = new int[texts.Count + 1];
        var columns = new List<int>(texts.Count * 64);
        var values = new List<float>(texts.Count * 64);
        var c = new int[256];
        var v = new float[256];
        for (var i = 0; i < texts.Count; i++)
        {
            var n = space.Vectorize(texts[i], ref c, ref v);
            columns.AddRange(c.AsSpan(0, n));
            values.AddRange(v.AsSpan(0, n));
            rowStart[i + 1] = columns.Count;
        }

        return new SparseRows(rowStart, columns.ToArray(), values.ToArray());
    }

    /// <summary>The same rows with every column scaled (naive-Bayes log-count ratios, NBSVM); this one is left as it is.</summary>
    public SparseRows WithScaledColumns(float[] scale)
    {
        var values = new float[Values.Length];
        for (var i = 0; i < Columns.Length; i++)
        {
            values[i] = Values[i] * scale[Columns[i]];
        }

        return new SparseRows(RowStart, Columns, values);
    }
}
