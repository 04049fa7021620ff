using JiebaNet.Segmenter;

namespace Middleware.Enrichment.Text;

/// <summary>
/// jieba.NET's segmenter, loaded once per process from the dictionaries its package ships (copied
/// beside the assembly under jieba/, see the project file). jieba keeps its prefix dictionary
/// read-only after loading, so one instance serves every thread; the one known race (jieba.NET
/// issue #56: dictionaries filled lazily by the first concurrent calls) is avoided by loading
/// and warming it up once, under <see cref="Lazy{T}"/>'s lock, before anyone cuts.
/// </summary>
public static class ChineseSegmenter
{
    private static readonly Lazy<JiebaSegmenter> Instance = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Where jieba's dictionaries are (dict.txt, idf.txt, stopwords.txt...).</summary>
    public static string ResourceDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "jieba");

    public static JiebaSegmenter Segmenter => Instance.Value;

    public static IEnumerable<string> Cut(string text) => Segmenter.Cut(text, cutAll: false, hmm: true);

    private static JiebaSegmenter Load()
    {
        if (!File.Exists(Path.Combine(ResourceDirectory, "dict.txt")))
        {
            throw new FileNotFoundException($"jieba dictionary missing: {Path.Combine(ResourceDirectory, "dict.txt")} (it is copied there from the jieba.NET package at build)");
        }

        ConfigManager.ConfigFileBaseDir = ResourceDirectory;
        var segmenter = new JiebaSegmenter();
        _ = segmenter.Cut("预热分词器", cutAll: false, hmm: true).ToList();
        return segmenter;
    }
}
