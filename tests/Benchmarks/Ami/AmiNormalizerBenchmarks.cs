using System.Buffers;
using BenchmarkDotNet.Attributes;
using Middleware.Adapters.Ami.Framing;
using Middleware.Adapters.Ami.Normalization;
using Middleware.Adapters.Ami.Protocol;

namespace Middleware.Benchmarks.Ami;

/// <summary>Normalizer alone, on pre-parsed messages of the recorded morning (each copy is new calls to it).</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class AmiNormalizerBenchmarks
{
    private readonly List<NormalizedEvent> _output = new(4096);
    private List<AmiMessage> _messages = [];

    [GlobalSetup]
    public void Setup()
    {
        var parser = new AmiFrameParser(new AmiParserOptions { ExpectBanner = false });
        var buffer = new ReadOnlySequence<byte>(AmiTranscript.Load(1));
        while (parser.TryRead(ref buffer, out var frame))
        {
            _messages.Add(frame.Message!);
        }
    }

    [Benchmark(OperationsPerInvoke = 372)]
    public int Normalize_morning()
    {
        var normalizer = new AmiNormalizer(["from-trunk"], "pbx:");
        var at = DateTimeOffset.UnixEpoch;
        _output.Clear();
        foreach (var m in _messages)
        {
            normalizer.Normalize(m, at, _output);
        }

        return _output.Count;
    }
}
