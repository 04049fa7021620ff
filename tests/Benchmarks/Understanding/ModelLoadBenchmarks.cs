using BenchmarkDotNet.Attributes;
using Middleware.Enrichment.Text;

namespace Middleware.Benchmarks.Understanding;

/// <summary>How long each shipped model takes to load at start (decompress, rebuild the feature dictionary).</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ModelLoadBenchmarks
{
    [Params("sentiment-zh", "sentiment-en", "emotion-zh", "emotion-en", "intent-zh", "intent-en")]
    public string Model { get; set; } = "";

    [Benchmark]
    public int Load() => ModelFile.Load(Path.Combine(AppContext.BaseDirectory, "models", Model + ".model")).Space.Count;
}
