namespace Middleware.Enrichment.Intent;

/// <summary>
/// The key terms of what a caller said, counted as the call goes on (each segment is cut once, so
/// a long call costs no more per segment than a short one). Scored as jieba.analyse.extract_tags
/// scores them: term frequency × idf, with jieba's idf.txt and stop words for Chinese (unknown words
/// get the median idf), and for English the idf the English intent model learnt for the word (a word
/// it never saw counts as rare). Stop words and one-character terms are left out; ties keep the order
/// of first mention.
/// </summary>
public sealed class KeywordExtractor(FeatureSpace? englishIdf)
{
    private static readonly Lazy<(Dictionary<string, double> Idf, double Median, HashSet<string> Stop)> Jieba = new(LoadJieba, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly HashSet<string> EnglishStopWords = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "are", "but", "not", "you", "your", "yours", "with", "this", "that", "these", "those", "have", "has",
        "had", "was", "were", "been", "being", "can", "could", "would", "should", "will", "shall", "may", "might", "must", "what",
        "when", "where", "which", "who", "whom", "why", "how", "there", "here", "from", "into", "onto", "about", "over", "under",
        "again", "then", "than", "them", "they", "their", "theirs", "our", "ours", "its", "his", "her", "hers", "him", "she", "just",
        "very", "too", "also", "any", "all", "some", "such", "only", "own", "same", "out", "off", "does", "did", "doing", "yes",
        "hello", "please", "thanks", "thank", "okay", "yeah", "well", "want", "need", "like", "get", "got", "really", "one",
        "now", "still", "know", "it's", "i'm", "don't", "can't", "didn't", "won't", "i've", "i'd", "you're", "let", "way",
    };

    // jieba's stopwords.txt is mostly English and function characters; these are the fillers of spoken Chinese on a call.
    private static readonly HashSet<string> ChineseFillers = new(StringComparer.Ordinal)
    {
        "你好", "您好", "我要", "我想", "现在", "请问", "一下", "这个", "那个", "就是", "还是", "已经", "没有", "可以", "什么", "怎么",
        "为什么", "知道", "不是", "但是", "因为", "所以", "然后", "我们", "你们", "他们", "这样", "那样", "一直", "还有", "是不是",
        "谢谢", "好的", "麻烦", "帮我", "一个", "时候", "东西", "真的", "非常", "比较", "觉得", "感觉", "没到", "到现在",
    };

    private readonly float _englishRare = englishIdf?.Idf.DefaultIfEmpty(10f).Max() ?? 10f;

    /// <summary>Loads jieba's idf table and stop words now (a second's work) instead of on the first Chinese segment.</summary>
    public static void WarmUp() => _ = Jieba.Value;

    /// <summary>The keywords of one text (what <see cref="Add"/> then <see cref="Top"/> give for a fresh count).</summary>
    public IReadOnlyList<string> Extract(string text, int count)
    {
        var terms = new TermCounts();
        Add(text, terms);
        return Top(terms, count);
    }

    /// <summary>Adds a segment's terms to a call's running counts.</summary>
    public void Add(string text, TermCounts terms)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        var chinese = LanguageDetector.Detect(text) == TextLanguage.Zh;
        var words = chinese ? ChineseSegmenter.Cut(text).Select(w => w.Trim().ToLowerInvariant()) : EnglishWords(text);
        foreach (var word in words)
        {
            if (Keep(word, chinese))
            {
                terms.Add(word, chinese ? ChineseIdf(word) : EnglishIdf(word));
            }
        }
    }

    public static IReadOnlyList<string> Top(TermCounts terms, int count) => count <= 0 ? [] : terms.Top(count);

    private static bool Keep(string word, bool chinese)
    {
        if (word.Length < (chinese ? 2 : 3) || word.All(c => char.IsDigit(c) || char.IsPunctuation(c) || char.IsSymbol(c) || char.IsWhiteSpace(c)))
        {
            return false;
        }

        return !EnglishStopWords.Contains(word) && !ChineseFillers.Contains(word) && !Jieba.Value.Stop.Contains(word);
    }

    private static double ChineseIdf(string word) => Jieba.Value.Idf.TryGetValue(word, out var idf) ? idf : Jieba.Value.Median;

    private double EnglishIdf(string word) => englishIdf?.IdfOf(FeatureHash.Of(word, FeatureHash.WordSeed)) ?? _englishRare;

    private static IEnumerable<string> EnglishWords(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '\'');
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                yield return text[start..i].ToLowerInvariant();
                start = -1;
            }
        }
    }

    private static (Dictionary<string, double>, double, HashSet<string>) LoadJieba()
    {
        var dir = ChineseSegmenter.ResourceDirectory;
        var idf = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(dir, "idf.txt")))
        {
            var space = line.LastIndexOf(' ');
            if (space > 0 && double.TryParse(line.AsSpan(space + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                idf[line[..space]] = value;
            }
        }

        var sorted = idf.Values.Order().ToArray();
        var median = sorted.Length == 0 ? 10 : sorted[sorted.Length / 2];
        var stop = File.ReadLines(Path.Combine(dir, "stopwords.txt")).Select(l => l.Trim().TrimStart('\uFEFF')).Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal);
        return (idf, median, stop);
    }
}
