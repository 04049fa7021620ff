namespace Middleware.Enrichment.Text;

/// <summary>
/// The classifiers loaded at start, by task and language. A missing or corrupt file is recorded
/// (the message names the file) and that model is simply absent: the rest of the middleware, and
/// the other models, keep working.
/// </summary>
public sealed class ModelSet
{
    // Models are immutable: a process that starts the runtime again (config reload, tests) shares them
    // instead of decompressing the same file again; a changed file (time or length) is read anew.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Path, DateTime Written, long Length), TextClassifier> SharedModels = new();

    private readonly Dictionary<(string Task, TextLanguage Language), TextClassifier> _models = [];
    private readonly List<string> _problems = [];

    public IReadOnlyList<string> Problems => _problems;

    public IEnumerable<TextClassifier> Loaded => _models.Values;

    public TextClassifier? Find(string task, TextLanguage language) => _models.GetValueOrDefault((task, language));

    public void Add(string task, TextLanguage language, TextClassifier model) => _models[(task, language)] = model;

    private static TextClassifier LoadShared(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return ModelFile.Load(path); // throws, naming the file
        }

        return SharedModels.GetOrAdd((file.FullName, file.LastWriteTimeUtc, file.Length), key => ModelFile.Load(key.Path));
    }

    /// <summary>Loads &lt;task&gt;-&lt;lang&gt;.model for each pair from the directory; returns what loaded and what did not.</summary>
    public static ModelSet Load(string directory, IEnumerable<(string Task, TextLanguage Language)> wanted)
    {
        var set = new ModelSet();
        foreach (var (task, language) in wanted)
        {
            var path = Path.Combine(directory, $"{task}-{language.Code()}.model");
            try
            {
                set.Add(task, language, LoadShared(path));
            }
            catch (ModelFileException e)
            {
                set._problems.Add(e.Message);
            }
        }

        // jieba's dictionaries take a second or two to load: at start, not on the first Chinese segment of a live call.
        if (set.Loaded.Any(m => m.Header.Featurizer.Words == WordSplitting.Jieba))
        {
            _ = ChineseSegmenter.Segmenter;
        }

        return set;
    }
}
