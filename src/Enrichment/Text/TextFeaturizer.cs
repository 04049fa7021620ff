using System.Buffers;

namespace Middleware.Enrichment.Text;

/// <summary>
/// Turns a text into feature hashes (see <see cref="FeaturizerOptions"/>): the same code at
/// training and at prediction, so what a model learnt is what it reads. Character n-grams are
/// hashed straight from a pooled buffer; English words are hashed from spans. Only jieba's
/// segmentation allocates (it returns strings).
/// </summary>
public sealed class TextFeaturizer(FeaturizerOptions options)
{
    private static readonly HashSet<string> EnglishNegators = new(StringComparer.Ordinal)
    {
        "not", "no", "never", "nothing", "nobody", "none", "neither", "nor", "cannot", "without", "hardly", "barely",
    };

    public FeaturizerOptions Options { get; } = options;

    /// <summary>Appends the text's feature hashes to <paramref name="hashes"/> (duplicates kept: they are term counts).</summary>
    public void Featurize(ReadOnlySpan<char> text, List<ulong> hashes)
    {
        var length = Math.Min(text.Length, Options.MaxChars);
        var rented = ArrayPool<char>.Shared.Rent(length + 2);
        try
        {
            var buffer = rented.AsSpan();
            buffer[0] = ' ';
            var n = TextNormalizer.Normalize(text[..length], buffer.Slice(1, length));
            buffer[n + 1] = ' ';
            var padded = buffer[..(n + 2)];
            AddCharGrams(padded, hashes);
            if (Options.WordMax > 0 && n > 0)
            {
                if (Options.Words == WordSplitting.Jieba && ContainsHan(padded))
                {
                    AddJiebaWords(padded.Slice(1, n).ToString(), hashes);
                }
                else if (Options.Words != WordSplitting.None)
                {
                    AddLetterWords(padded, hashes);
                }
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    private void AddCharGrams(ReadOnlySpan<char> padded, List<ulong> hashes)
    {
        var min = Options.CharMin;
        var max = Options.CharMax;
        for (var i = 0; i < padded.Length; i++)
        {
            var h = FeatureHash.CharSeed;
            var top = Math.Min(max, padded.Length - i);
            for (var len = 1; len <= top; len++)
            {
                h = FeatureHash.Step(h, padded[i + len - 1]);
                if (len >= min && !(len == 1 && padded[i] == ' '))
                {
                    hashes.Add(FeatureHash.Mix(h ^ (ulong)len));
                }
            }
        }
    }

    private void AddLetterWords(ReadOnlySpan<char> text, List<ulong> hashes)
    {
        var previous = 0UL;
        var negated = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (!IsWordChar(c))
            {
                if (IsClauseBreak(c))
                {
                    negated = false;
                    previous = 0;
                }

                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && IsWordChar(text[i]))
            {
                i++;
            }

            var word = text[start..i];
            previous = AddWord(word, previous, ref negated, hashes);
        }
    }

    private void AddJiebaWords(string text, List<ulong> hashes)
    {
        var previous = 0UL;
        var negated = false;
        foreach (var token in ChineseSegmenter.Cut(text))
        {
            var span = token.AsSpan().Trim();
            if (span.IsEmpty)
            {
                continue;
            }

            if (span.Length == 1 && !char.IsLetterOrDigit(span[0]))
            {
                if (IsClauseBreak(span[0]))
                {
                    negated = false;
                    previous = 0;
                }

                continue;
            }

            previous = AddWord(span, previous, ref negated, hashes);
        }
    }

    private ulong AddWord(ReadOnlySpan<char> word, ulong previous, ref bool negated, List<ulong> hashes)
    {
        var mark = Options.MarkNegation && negated;
        var h = FeatureHash.Of(word, mark ? FeatureHash.NegatedWordSeed : FeatureHash.WordSeed);
        hashes.Add(h);
        if (Options.WordMax >= 2 && previous != 0)
        {
            hashes.Add(FeatureHash.Pair(previous, h));
        }

        if (Options.MarkNegation && IsNegator(word))
        {
            negated = true;
        }

        return h;
    }

    private static bool IsNegator(ReadOnlySpan<char> word)
    {
        if (word.EndsWith("n't", StringComparison.Ordinal) || word.SequenceEqual("nt"))
        {
            return true;
        }

        if (word.Length <= 8)
        {
            var lookup = EnglishNegators.GetAlternateLookup<ReadOnlySpan<char>>();
            if (lookup.Contains(word))
            {
                return true;
            }
        }

        // Chinese negators (不, 没, 没有, 别, 无, 未, 非) as jieba segments them.
        return word is "不" or "没" or "没有" or "别" or "无" or "未" or "非" or "不是" or "不要";
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '\'';

    private static bool IsClauseBreak(char c) => c is '.' or ',' or ';' or ':' or '!' or '?' or '。' or '，' or '；' or '！' or '？' or '、' or '\n';

    private static bool ContainsHan(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (LanguageDetector.IsHan(c))
            {
                return true;
            }
        }

        return false;
    }
}
