namespace Middleware.Enrichment.Text;

/// <summary>
/// The features a model knows (hash → column) with their inverse document frequency, and the one
/// way a text becomes a sparse vector for it: sublinear term frequency (1 + ln tf) × idf, scaled
/// to unit length (Salton &amp; Buckley 1988; the weighting scikit-learn's TfidfVectorizer uses).
/// </summary>
public sealed class FeatureSpace
{
    [ThreadStatic]
    private static List<ulong>? _hashes;

    [ThreadStatic]
    private static List<int>? _columns;

    // 1 + ln tf for the term counts short texts have.
    private static readonly double[] SublinearTf = [.. Enumerable.Range(0, 32).Select(tf => tf == 0 ? 0 : 1.0 + Math.Log(tf))];

    private readonly FeatureIndex _columnOf;

    public FeatureSpace(TextFeaturizer featurizer, ulong[] hashes, float[] idf)
    {
        if (hashes.Length != idf.Length)
        {
            throw new ArgumentException("one idf per feature hash", nameof(idf));
        }

        Featurizer = featurizer;
        Hashes = hashes;
        Idf = idf;
        _columnOf = new FeatureIndex(hashes);
    }

    public TextFeaturizer Featurizer { get; }

    public ulong[] Hashes { get; }

    public float[] Idf { get; }

    public int Count => Hashes.Length;

    /// <summary>The idf of a feature hash, null when the feature is not in the vocabulary.</summary>
    public float? IdfOf(ulong hash) => _columnOf.TryGetColumn(hash, out var column) ? Idf[column] : null;

    /// <summary>Builds the vocabulary from training texts: features in at least <paramref name="minDf"/> of them, the most frequent <paramref name="maxFeatures"/> at most.</summary>
    public static FeatureSpace Build(TextFeaturizer featurizer, IReadOnlyList<string> texts, int minDf, int maxFeatures)
    {
        var df = new Dictionary<ulong, int>();
        var hashes = new List<ulong>();
        var seen = new HashSet<ulong>();
        foreach (var text in texts)
        {
            hashes.Clear();
            seen.Clear();
            featurizer.Featurize(text, hashes);
            foreach (var h in hashes)
            {
                if (seen.Add(h))
                {
                    df[h] = df.GetValueOrDefault(h) + 1;
                }
            }
        }

        var kept = df.Where(kv => kv.Value >= minDf)
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key)
            .Take(maxFeatures)
            .OrderBy(kv => kv.Key)
            .ToArray();
        var n = texts.Count;
        var idf = kept.Select(kv => (float)(Math.Log((1.0 + n) / (1.0 + kv.Value)) + 1.0)).ToArray();
        return new FeatureSpace(featurizer, kept.Select(kv => kv.Key).ToArray(), idf);
    }

    /// <summary>
    /// The text as (column, value) pairs sorted by column, written to the caller's buffers (grown
    /// when too small). Unknown features are dropped. Returns the number of pairs.
    /// </summary>
    public int Vectorize(ReadOnlySpan<char> text, ref int[] columns, ref float[] values)
    {
        var hashes = _hashes ??= new List<ulong>(256);
        var found = _columns ??= new List<int>(256);
        hashes.Clear();
        found.Clear();
        Featurizer.Featurize(text, hashes);
        foreach (var h in hashes)
        {
            if (_columnOf.TryGetColumn(h, out var column))
            {
                found.Add(column);
            }
        }

        found.Sort();
        if (columns.Length < found.Count)
        {
            columns = new int[found.Count];
            values = new float[found.Count];
        }

        var count = 0;
        var norm = 0.0;
        var i = 0;
        while (i < found.Count)
        {
            var column = found[i];
            var tf = 1;
            while (i + tf < found.Count && found[i + tf] == column)
            {
                tf++;
            }

            i += tf;
            var value = (float)((tf < SublinearTf.Length ? SublinearTf[tf] : 1.0 + Math.Log(tf)) * Idf[column]);
            columns[count] = column;
            values[count] = value;
            norm += value * value;
            count++;
        }

        if (norm > 0)
        {
            var scale = (float)(1.0 / Math.Sqrt(norm));
            for (var k = 0; k < count; k++)
            {
                values[k] *= scale;
            }
        }

        return count;
    }
}
