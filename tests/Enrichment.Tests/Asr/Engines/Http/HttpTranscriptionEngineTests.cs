using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Middleware.Core.Events;
using Middleware.Enrichment.Asr;
using Middleware.Enrichment.Asr.Engines.Http;
using Middleware.TestSupport;
using Middleware.TranscriptionServer;

namespace Middleware.Enrichment.Tests.Asr.Engines.Http;

/// <summary>
/// The HTTP engine against a real recognizer server on loopback (samples/TranscriptionServer:
/// OpenAI's POST /v1/audio/transcriptions on Kestrel, the project's PocketSphinx behind it), fed
/// the committed flite telephone utterances.
/// </summary>
public sealed class HttpTranscriptionEngineTests : IAsyncLifetime
{
    private RecognizerServer _server = null!;

    public async Task InitializeAsync() => _server = await RecognizerServer.StartAsync(SpeechAudio.GenericEngine);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static HttpTranscriptionEngine Engine(string url, Action<HttpTranscriptionOptions>? configure = null, ILogger? logger = null)
    {
        // Generous per-attempt time: the server decodes with PocketSphinx on a machine the whole suite loads.
        var options = new HttpTranscriptionOptions { Url = url, Model = "pocketsphinx", Timeout = TimeSpan.FromMinutes(2) };
        configure?.Invoke(options);
        return HttpTranscriptionEngine.Create(options, logger);
    }

    /// <summary>The transcriber's bound on all attempts of one utterance, as generous (these tests are not about time).</summary>
    private static TranscriberOptions Patient(TranscriberOptions? options = null)
    {
        options ??= new TranscriberOptions();
        options.DecodeTimeout = TimeSpan.FromMinutes(5);
        return options;
    }

    [Fact]
    public async Task A_flite_utterance_is_transcribed_by_the_server_into_a_final_segment_with_its_words()
    {
        // 02: awb, µ-law, "can you give me your account number", 0.5 s of silence either side.
        var audio = SpeechAudio.Load("02-awb-ulaw-1.0.wav");
        using var engine = Engine(_server.Address.ToString()); // no path: /v1/audio/transcriptions is added

        var segments = await FileTranscription.TranscribeAsync(engine, audio, Speaker.Agent, Patient());

        var final = Assert.Single(segments);
        Assert.True(final.IsFinal);
        Assert.Contains("account number", final.Text);
        Assert.Equal(("http", Speaker.Agent), (final.Engine, final.Speaker));
        Assert.Equal(TranscriptionAnswer.UnscoredConfidence, final.Confidence); // json carries no score
        Assert.InRange(final.StartSeconds, 0.2, 0.8);
        Assert.Equal(0, engine.Failures);
        Assert.Equal(1, _server.Requests);
    }

    [Fact]
    public async Task A_500_then_a_200_is_retried_and_the_words_come_through()
    {
        _server.Faults.FailNext(500);
        using var engine = Engine(_server.Endpoint.ToString());

        var segments = await FileTranscription.TranscribeAsync(engine, SpeechAudio.Load("02-awb-ulaw-1.0.wav"), options: Patient());

        Assert.Contains("account number", FileTranscription.FinalText(segments));
        Assert.Equal(2, _server.Requests);
        Assert.Equal(0, engine.Failures);
    }

    [Fact]
    public async Task A_server_that_is_down_costs_the_utterance_its_words_counted_and_named_without_an_exception()
    {
        var down = $"http://127.0.0.1:{Ports.FreeTcp()}/v1/audio/transcriptions"; // nothing listens there
        var log = new FakeLogger();
        using var engine = Engine(down, o => o.Retries = 1, log);

        var segments = await FileTranscription.TranscribeAsync(engine, SpeechAudio.Load("02-awb-ulaw-1.0.wav"));

        Assert.Empty(segments);
        Assert.Equal(1, engine.Failures);
        Assert.StartsWith($"recognizer server {down}: cannot be reached", engine.LastFailure);
        Assert.Contains(log.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains(down, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_malformed_answer_is_a_clear_error_naming_the_url()
    {
        _server.Faults.MalformNext();
        using var engine = Engine(_server.Endpoint.ToString());

        var heard = await engine.TranscribeAsync(Upsampled("02-awb-ulaw-1.0.wav"), CancellationToken.None);

        Assert.Equal("", heard.Text);
        Assert.Equal(1, engine.Failures);
        Assert.StartsWith($"recognizer server {_server.Endpoint}: answer is not JSON", engine.LastFailure);
        Assert.Contains("{\"text\": \"can you", engine.LastFailure); // the start of what came back
    }

    [Fact]
    public async Task A_refused_request_is_not_retried_and_says_the_status_and_the_servers_reason()
    {
        await using var guarded = await RecognizerServer.StartAsync(SpeechAudio.GenericEngine, apiKey: "k-123");
        using var without = Engine(guarded.Endpoint.ToString());
        using var with = Engine(guarded.Endpoint.ToString(), o => o.ApiKey = "k-123");

        var refused = await without.TranscribeAsync(Upsampled("02-awb-ulaw-1.0.wav"), CancellationToken.None);
        var heard = await with.TranscribeAsync(Upsampled("02-awb-ulaw-1.0.wav"), CancellationToken.None);

        Assert.Equal("", refused.Text);
        Assert.Contains("answered 401 Unauthorized", without.LastFailure);
        Assert.Contains("bearer token", without.LastFailure);
        Assert.Contains("account number", heard.Text);
        Assert.Equal(2, guarded.Requests); // one each: a 4xx is not transient
    }

    [Fact]
    public async Task Verbose_json_segments_become_final_segments_at_the_servers_start_and_end()
    {
        // Two utterances 1 s apart; the middleware's hangover (1.5 s) keeps them one upload, the
        // server's own (0.4 s) cuts them in two: each comes back with its own start and end.
        var first = SpeechAudio.Load("02-awb-ulaw-1.0.wav");
        var second = SpeechAudio.Load("00-slt-ulaw-1.0.wav");
        var both = first with { Samples = [.. first.Samples, .. second.Samples] };
        var long_hangover = new TranscriberOptions { Vad = { HangoverMilliseconds = 1500 } };
        using var engine = Engine(_server.Endpoint.ToString(), o => o.ResponseFormat = "verbose_json");

        var viaServer = await FileTranscription.TranscribeAsync(engine, both, options: Patient(long_hangover));
        var inProcess = (await FileTranscription.TranscribeAsync(SpeechAudio.GenericEngine, both, options: Patient())).Where(s => s.IsFinal).ToList();

        Assert.Equal(1, _server.Requests);
        Assert.Equal(2, viaServer.Count);
        Assert.Equal(2, inProcess.Count);
        Assert.Contains("account number", viaServer[0].Text); // the server cuts at 16 kHz: its first words may differ a little from the in-process run's
        Assert.Contains("how can i help you", viaServer[1].Text);
        for (var i = 0; i < 2; i++)
        {
            Assert.InRange(viaServer[i].StartSeconds, inProcess[i].StartSeconds - 0.25, inProcess[i].StartSeconds + 0.25);
            Assert.InRange(viaServer[i].EndSeconds, inProcess[i].EndSeconds - 0.25, inProcess[i].EndSeconds + 0.25);
            Assert.Equal("en", viaServer[i].Language); // verbose_json says "english"
            Assert.InRange(viaServer[i].Confidence, 0, 1);
        }

        Assert.True(viaServer[1].StartSeconds > first.Seconds - 0.5);
    }

    [Fact]
    public void A_missing_or_unusable_url_is_refused_at_start_by_its_option_name()
    {
        Assert.Contains("asr.http.url", Assert.Throws<SpeechEngineUnavailableException>(() => HttpTranscriptionEngine.Create(new HttpTranscriptionOptions())).Message);
        Assert.Contains("'ftp://asr/'", Assert.Throws<SpeechEngineUnavailableException>(() => Engine("ftp://asr/")).Message);
        Assert.Contains("'srt'", Assert.Throws<SpeechEngineUnavailableException>(() => Engine("http://asr/", o => o.ResponseFormat = "srt")).Message);
    }

    /// <summary>An utterance as the engine gets it from the transcriber: 16 kHz.</summary>
    private static short[] Upsampled(string file)
    {
        var audio = SpeechAudio.Load(file);
        var upsampler = new Upsampler(audio.SampleRate, 16000);
        var output = new short[audio.Samples.Length * upsampler.Factor];
        upsampler.Process(audio.Samples, output);
        return output;
    }
}
