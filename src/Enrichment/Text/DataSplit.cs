namespace Middleware.Enrichment.Text;

/// <summary>
/// Seeded, content-addressed splits: a row's side is decided by a hash of its normalised text, so
/// the same review always lands on the same side (duplicates never straddle train and held-out),
/// the split is the same on every machine, and adding rows to a file does not reshuffle the rest.
/// </summary>
public static class DataSplit
{
    public const int DefaultSeed = 20_251_201;

    /// <summary>A number in [0, 1) fixed by the text and the seed.</summary>
    public static double Position(string text, int seed)
    {
        Span<char> buffer = text.Length <= 4096 ? stackalloc char[text.Length] : new char[text.Length];
        var n = TextNormalizer.Normalize(text, buffer);
        var h = FeatureHash.Of(buffer[..n], FeatureHash.Offset ^ (ulong)(uint)seed);
        return (h >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>Splits off the fraction at the start of the hash range (held-out), the rest stays.</summary>
    public static (List<T> Kept, List<T> Taken) Take<T>(IEnumerable<T> rows, Func<T, string> text, double fraction, int seed)
    {
        var rest = new List<T>();
        var taken = new List<T>();
        foreach (var row in rows)
        {
            (Position(text(row), seed) < fraction ? taken : rest).Add(row);
        }

        return (rest, taken);
    }
}
