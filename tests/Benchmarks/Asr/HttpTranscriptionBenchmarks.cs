using BenchmarkDotNet.Attributes;
using Middleware.Core.Media;
using Middleware.Enrichment.Asr;
using Middleware.Enrichment.Asr.Engines.Http;
using Middleware.Enrichment.Asr.Engines.PocketSphinx;
using Middleware.TranscriptionServer;

namespace Middleware.Benchmarks.Asr;

/// <summary>
/// What the HTTP engine costs over deciding in process: one telephone utterance (flite awb, 3.4 s,
/// "can you give me your account number") decoded by PocketSphinx directly, and sent as a WAV to the
/// sample recognizer server on loopback running the same PocketSphinx (upload, multipart parse, VAD
/// on the server, JSON answer).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 7)]
public class HttpTranscriptionBenchmarks
{
    private PocketSphinxEngine _pocketSphinx = null!;
    private RecognizerServer _server = null!;
    private HttpTranscriptionEngine _http = null!;
    private WavAudio _utterance = null!;

    [GlobalSetup]
    public void Setup()
    {
        _utterance = WavReader.Read(Path.Combine(AppContext.BaseDirectory, "asr-audio", "02-awb-ulaw-1.0.wav"));
        _pocketSphinx = PocketSphinxEngine.Create(new PocketSphinxOptions());
        _server = RecognizerServer.StartAsync(_pocketSphinx).GetAwaiter().GetResult();
        _http = HttpTranscriptionEngine.Create(new HttpTranscriptionOptions { Url = _server.Endpoint.ToString(), Model = "pocketsphinx" });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _http.Dispose();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _pocketSphinx.Dispose();
    }

    [Benchmark(Baseline = true)]
    public async Task<string> InProcess() => FileTranscription.FinalText(await FileTranscription.TranscribeAsync(_pocketSphinx, _utterance));

    [Benchmark]
    public async Task<string> ViaRecognizerServer() => FileTranscription.FinalText(await FileTranscription.TranscribeAsync(_http, _utterance));
}
