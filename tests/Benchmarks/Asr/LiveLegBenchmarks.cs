using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Middleware.Core.Events;
using Middleware.Core.Media;
using Middleware.Enrichment.Asr;
using Middleware.Enrichment.Asr.Engines.PocketSphinx;

namespace Middleware.Benchmarks.Asr;

/// <summary>
/// One leg through the live path as fast as it goes: 20 ms G.711 packets decoded to PCM, voice
/// activity, 8 → 16 kHz, PocketSphinx (<see cref="LegTranscriber"/>, what the enricher's leg worker
/// runs). The real-time factor column is the mean time over the leg's audio time. The baseline is
/// the front end alone (G.711 + VAD + resampling, no engine), so what the engine costs on top of it
/// reads off the ratio; the generic Debian model and the shipped (adapted) one run side by side.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(RtfConfig))]
public class LiveLegBenchmarks
{
    private SpeechLeg _leg = null!;
    private PocketSphinxEngine _generic = null!;
    private PocketSphinxEngine _adapted = null!;
    private readonly short[] _pcm = new short[SpeechLeg.PacketSamples];
    private readonly List<TranscriptSegment> _segments = [];

    /// <summary>The leg's length, for the RTF column (the same leg every run: 6 held-out utterances and their pauses).</summary>
    public static double LegSeconds => Leg.Value.Seconds;

    private static readonly Lazy<SpeechLeg> Leg = new(() => SpeechLeg.Build(first: 0, count: 6));

    [GlobalSetup]
    public void Setup()
    {
        _leg = Leg.Value;
        _generic = SpeechLeg.Engine(adapted: false, decoders: 1);
        _adapted = SpeechLeg.Engine(adapted: true, decoders: 1);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _generic.Dispose();
        _adapted.Dispose();
    }

    [Benchmark(Baseline = true, Description = "front end: G.711 + VAD + 8->16 kHz")]
    public int FrontEnd()
    {
        var vad = new VoiceActivityDetector(SpeechLeg.Rate);
        var upsampler = new Upsampler(SpeechLeg.Rate, 16000);
        var upsampled = new short[SpeechLeg.PacketSamples * upsampler.Factor];
        var speech = 0;
        for (var at = 0; at + SpeechLeg.PacketSamples <= _leg.MuLaw.Length; at += SpeechLeg.PacketSamples)
        {
            G711.DecodeMuLaw(_leg.MuLaw.AsSpan(at, SpeechLeg.PacketSamples), _pcm);
            speech += vad.Next(_pcm) == VoiceActivity.SpeechStart ? 1 : 0;
            upsampler.Process(_pcm, upsampled);
        }

        return speech;
    }

    [Benchmark(Description = "live leg, generic model")]
    public Task<int> Generic() => TranscribeAsync(_generic);

    [Benchmark(Description = "live leg, adapted model (shipped)")]
    public Task<int> Adapted() => TranscribeAsync(_adapted);

    private async Task<int> TranscribeAsync(ISpeechEngine engine)
    {
        _segments.Clear();
        using var transcriber = new LegTranscriber(engine, Speaker.Caller, SpeechLeg.Rate);
        for (var at = 0; at < _leg.MuLaw.Length; at += SpeechLeg.PacketSamples)
        {
            var length = Math.Min(SpeechLeg.PacketSamples, _leg.MuLaw.Length - at);
            var pcm = new short[length]; // the mirror hands each leg worker its own PCM array
            G711.DecodeMuLaw(_leg.MuLaw.AsSpan(at, length), pcm);
            await transcriber.AcceptAsync(pcm, (double)at / SpeechLeg.Rate, _segments, CancellationToken.None);
        }

        await transcriber.FinishAsync(_segments, CancellationToken.None);
        return _segments.Count(s => s.IsFinal);
    }

    private sealed class RtfConfig : ManualConfig
    {
        // One leg takes seconds: a few measured legs suffice. In process: the 2 shared cores need
        // no second Release build of the whole solution for BenchmarkDotNet's generated project.
        public RtfConfig() => AddColumn(new RealTimeFactorColumn())
            .AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5).WithToolchain(InProcessEmitToolchain.Instance));
    }

    /// <summary>Mean time of one leg over the leg's audio time: below 1 the leg is decoded faster than it is spoken.</summary>
    private sealed class RealTimeFactorColumn : IColumn
    {
        public string Id => "RTF";

        public string ColumnName => "RTF";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => $"mean time / audio time of the leg ({LegSeconds:0.0} s of µ-law audio)";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
            summary[benchmarkCase]?.ResultStatistics is { } stats
                ? (stats.Mean / 1e9 / LegSeconds).ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture)
                : "n/a";

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;
    }
}
