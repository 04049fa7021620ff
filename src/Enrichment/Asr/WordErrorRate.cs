namespace Middleware.Enrichment.Asr;

/// <summary>
/// Word error rate the usual way: (substitutions + deletions + insertions) / reference words, from
/// the Levenshtein alignment of the word sequences, after lower-casing and dropping punctuation
/// (so "Hello," and "hello" agree, as scoring tools such as NIST sclite are normally run).
/// </summary>
public static class WordErrorRate
{
    public readonly record struct Score(int Errors, int ReferenceWords)
    {
        public double Rate => ReferenceWords == 0 ? 0 : (double)Errors / ReferenceWords;

        public static Score operator +(Score a, Score b) => new(a.Errors + b.Errors, a.ReferenceWords + b.ReferenceWords);
    }

    public static Score Compare(string reference, string hypothesis)
    {
        var r = Words(reference);
        var h = Words(hypothesis);
        var previous = new int[h.Length + 1];
        var current = new int[h.Length + 1];
        for (var j = 0; j <= h.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= r.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= h.Length; j++)
            {
                var substitution = previous[j - 1] + (r[i - 1] == h[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return new Score(previous[h.Length], r.Length);
    }

    public static string[] Words(string text) =>
        new string(text.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) || c == '\'' ? c : ' ').ToArray())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
