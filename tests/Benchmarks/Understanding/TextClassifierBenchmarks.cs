using BenchmarkDotNet.Attributes;
using Middleware.Enrichment.Text;

namespace Middleware.Benchmarks.Understanding;

/// <summary>
/// One prediction per call-center sentence, for each shipped classifier, against the baseline of
/// featurising the same sentence alone (hashing its n-grams: what any model over these features
/// pays before it multiplies a single weight). Allocation per prediction from the memory diagnoser.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class TextClassifierBenchmarks
{
    private readonly List<ulong> _hashes = new(1024);
    private readonly float[] _scores = new float[128];
    private TextClassifier _sentimentZh = null!, _sentimentEn = null!, _emotionZh = null!, _emotionEn = null!, _intentZh = null!, _intentEn = null!;

    private static string Model(string name) => Path.Combine(AppContext.BaseDirectory, "models", name);

    [GlobalSetup]
    public void Setup()
    {
        _sentimentZh = ModelFile.Load(Model("sentiment-zh.model"));
        _sentimentEn = ModelFile.Load(Model("sentiment-en.model"));
        _emotionZh = ModelFile.Load(Model("emotion-zh.model"));
        _emotionEn = ModelFile.Load(Model("emotion-en.model"));
        _intentZh = ModelFile.Load(Model("intent-zh.model"));
        _intentEn = ModelFile.Load(Model("intent-en.model"));
    }

    private const int PerInvoke = 16;

    [Benchmark(Baseline = true, OperationsPerInvoke = PerInvoke)]
    public int Featurize_en()
    {
        var n = 0;
        foreach (var s in CallSentences.English)
        {
            _hashes.Clear();
            _sentimentEn.Space.Featurizer.Featurize(s, _hashes);
            n += _hashes.Count;
        }

        return n;
    }

    [Benchmark(OperationsPerInvoke = PerInvoke)]
    public float Sentiment_en() => Run(_sentimentEn, CallSentences.English);

    [Benchmark(OperationsPerInvoke = PerInvoke)]
    public float Emotion_en_28_labels() => Run(_emotionEn, CallSentences.English);

    [Benchmark(OperationsPerInvoke = PerInvoke)]
    public float Intent_en_77_labels() => Run(_intentEn, CallSentences.English);

    [Benchmark(OperationsPerInvoke = PerInvoke)]
    public int Featurize_zh_with_jieba()
    {
        var n = 0;
        foreach (var s in CallSentences.Chinese)
        {
            _hashes.Clear();
            _sentimentZh.Space.Featurizer.Featurize(s, _hashes);
            n += _hashes.Count;
        }

        return n;
    }

    [Benchmark(OperationsPerInvoke = PerInvoke)]
    public float Sentiment_zh() => Run(_sentimentZh, CallSentences.Chinese);

    [Benchmark(OperationsPerInvoke = PerInvoke)]
    public float Emotion_zh_7_labels() => Run(_emotionZh, CallSentences.Chinese);

    [Benchmark(OperationsPerInvoke = PerInvoke)]
    public float Intent_zh_10_labels() => Run(_intentZh, CallSentences.Chinese);

    private float Run(TextClassifier model, string[] sentences)
    {
        var sum = 0f;
        var p = _scores.AsSpan(0, model.Labels.Count);
        foreach (var s in sentences)
        {
            model.Probabilities(s, p);
            sum += p[0];
        }

        return sum;
    }
}
