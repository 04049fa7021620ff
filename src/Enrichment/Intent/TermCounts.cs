namespace Middleware.Enrichment.Intent;

/// <summary>A call's running term counts with each term's idf, in order of first mention.</summary>
public sealed class TermCounts
{
    private readonly Dictionary<string, (int Count, double Idf, int First)> _terms = new(StringComparer.Ordinal);

    public int Count => _terms.Count;

    public void Add(string term, double idf)
    {
        var (count, _, first) = _terms.GetValueOrDefault(term, (0, idf, _terms.Count));
        _terms[term] = (count + 1, idf, first);
    }

    /// <summary>The <paramref name="count"/> terms with the highest tf × idf.</summary>
    public IReadOnlyList<string> Top(int count) => _terms
        .OrderByDescending(kv => kv.Value.Count * kv.Value.Idf).ThenBy(kv => kv.Value.First)
        .Take(count).Select(kv => kv.Key).ToList();
}
