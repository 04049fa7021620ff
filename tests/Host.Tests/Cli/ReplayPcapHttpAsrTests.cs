using System.Text.Json;
using Middleware.Enrichment.Asr.Engines.PocketSphinx;
using Middleware.TestSupport;
using Middleware.TranscriptionServer;

namespace Middleware.Host.Tests.Cli;

/// <summary>`middleware replay pcap --asr http` against the sample recognizer server on loopback (PocketSphinx behind OpenAI's transcription API).</summary>
public sealed class ReplayPcapHttpAsrTests : IAsyncLifetime
{
    private static readonly string Capture = Path.Combine(AppContext.BaseDirectory, "captures", "hold-transfer.pcapng");
    private PocketSphinxEngine _engine = null!;
    private RecognizerServer _server = null!;

    public async Task InitializeAsync()
    {
        _engine = PocketSphinxEngine.Create(new PocketSphinxOptions());
        _server = await RecognizerServer.StartAsync(_engine);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _engine.Dispose();
    }

    [Fact]
    public async Task Each_legs_speech_comes_back_from_the_recognizer_server_as_final_transcript_lines()
    {
        var (code, stdout, stderr) = await MiddlewareProcess.RunAsync(["replay", "pcap", Capture, "--asr", "http", "--asr-url", _server.Address.ToString()]);

        Assert.True(code == 0, stderr);
        var segments = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(l => l.GetProperty("kind").GetString() == "TranscriptSegment").ToList();
        Assert.Equal(["Agent", "Caller"], segments.Select(s => s.GetProperty("speaker").GetString()).Order());
        Assert.Contains("thank you for calling", string.Join(' ', segments.Select(s => s.GetProperty("text").GetString())));
        Assert.Contains("i would like to check", string.Join(' ', segments.Select(s => s.GetProperty("text").GetString())));
        Assert.Contains("http: 2 final segment(s)", stderr);
        Assert.Equal(2, _server.Requests); // one utterance per leg
    }

    [Fact]
    public async Task A_server_that_is_down_is_reported_by_url_and_the_calls_still_come_out()
    {
        var down = $"http://127.0.0.1:{Ports.FreeTcp()}/v1/audio/transcriptions";

        var (code, stdout, stderr) = await MiddlewareProcess.RunAsync(["replay", "pcap", Capture, "--asr", "http", "--asr-url", down]);

        Assert.Equal(0, code);
        Assert.Contains("\"kind\":\"CallEnded\"", stdout.Replace(" ", "", StringComparison.Ordinal));
        Assert.DoesNotContain("TranscriptSegment", stdout);
        Assert.Contains($"http: 2 utterance(s) failed, last: recognizer server {down}: cannot be reached", stderr);
    }

    [Fact]
    public async Task Without_a_url_it_says_which_option_to_set()
    {
        var (code, _, stderr) = await MiddlewareProcess.RunAsync(["replay", "pcap", Capture, "--asr", "http"]);

        Assert.Equal(1, code);
        Assert.Contains("asr.http.url", stderr);
        Assert.Contains("--asr-url", stderr);
    }
}
