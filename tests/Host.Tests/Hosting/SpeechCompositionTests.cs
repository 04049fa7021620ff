using System.Buffers.Binary;
using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Core.Privacy;
using Middleware.Enrichment.Asr;
using Middleware.Host.Hosting;
using Middleware.TestSupport;

namespace Middleware.Host.Tests.Hosting;

/// <summary>The engine factory turns a bad Whisper model into "no engine, and why", never into a crash.</summary>
public sealed class SpeechCompositionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("empty", "is empty (0 bytes)")]
    [InlineData("wrong-magic", "has magic 0x46464952")]
    [InlineData("cut-in-header", "inside the ggml header")]
    [InlineData("bad-mels", "n_mels = 81 at byte 40")]
    [InlineData("too-small", "smaller than the smallest whisper model")]
    [InlineData("absent", "not found")]
    public void A_bad_whisper_model_gives_no_engine_and_a_problem_naming_the_file(string kind, string expected)
    {
        var path = _dir.File($"ggml-{kind}.bin");
        var header = Header();
        switch (kind)
        {
            case "empty": File.WriteAllBytes(path, []); break;
            case "wrong-magic": File.WriteAllBytes(path, "RIFF...."u8.ToArray().Concat(header[8..]).ToArray()); break;
            case "cut-in-header": File.WriteAllBytes(path, header[..20]); break;
            case "bad-mels": BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(40), 81); File.WriteAllBytes(path, header); break;
            case "too-small": File.WriteAllBytes(path, header); break; // a plausible header, 70 kB: cut short
        }

        var options = new AsrOptions { Engine = "whisper" };
        options.Whisper.ModelPath = path;

        var engine = SpeechComposition.CreateEngine("whisper", options, out var problem);

        Assert.Null(engine);
        Assert.Contains(path, problem);
        Assert.Contains(expected, problem);
        Assert.Null(SpeechComposition.Enricher(options, NoRedaction.Instance, NullLogger.Instance)); // the middleware runs on without speech
    }

    [Fact]
    public void The_hint_for_whisper_points_at_the_model_path_not_at_pocketsphinx_packages()
    {
        Assert.Contains("asr.whisper.model_path", SpeechComposition.HintFor("whisper"));
        Assert.Contains("pocketsphinx", SpeechComposition.HintFor("pocketsphinx"));
    }

    [Fact]
    public async Task Asr_engine_http_in_yaml_builds_the_http_engine_on_the_configured_server_with_its_options()
    {
        var config = Core.Configuration.YamlOptionsBinder.Parse<Configuration.MiddlewareConfig>("""
            asr:
              engine: http
              http:
                url: http://asr.internal:8080
                model: paraformer-zh
                language: zh
                api_key: ${ENV:ASR_KEY}
                response_format: verbose_json
                timeout: 20s
                max_concurrency: 3
            """, "middleware.yaml", n => n == "ASR_KEY" ? "k" : null);

        var enricher = SpeechComposition.Enricher(config.Asr, NoRedaction.Instance, NullLogger.Instance);
        Assert.NotNull(enricher);
        await using var _ = enricher;
        var engine = Assert.IsType<Enrichment.Asr.Engines.Http.HttpTranscriptionEngine>(enricher.Engine);

        Assert.Equal(new Uri("http://asr.internal:8080/v1/audio/transcriptions"), engine.Endpoint);
        Assert.Equal(("http", "zh", 3, 16000), (engine.Name, engine.Language, engine.MaxConcurrency, engine.SampleRate));
        Assert.Equal(TimeSpan.FromSeconds(20), config.Asr.Http.Timeout);
        Assert.Equal("k", config.Asr.Http.ApiKey);
        Assert.Contains("asr.http.url", SpeechComposition.HintFor("http"));
    }

    [Fact]
    public async Task Asr_routes_in_yaml_make_each_engine_and_language_once_and_refuse_pocketsphinx_for_chinese_in_one_warning()
    {
        var config = Core.Configuration.YamlOptionsBinder.Parse<Configuration.MiddlewareConfig>("""
            asr:
              engine: pocketsphinx
              http: { url: "http://asr.internal:8080" }
              routes:
                - { queue: "support-zh*", engine: http, language: zh }
                - { dialed_number: "+86400", engine: http, language: zh }
                - { source: capture, engine: http, language: en }
                - { queue: "vip-zh", engine: pocketsphinx, language: zh }
            """, "middleware.yaml");
        var logger = new Microsoft.Extensions.Logging.Testing.FakeLogger();

        var enricher = SpeechComposition.Enricher(config.Asr, NoRedaction.Instance, logger);
        Assert.NotNull(enricher);
        await using var _ = enricher;

        Assert.Equal([("pocketsphinx", "en"), ("http", "zh"), ("http", "en")], enricher.Engines.Select(e => (e.Name, e.Language)));
        var warning = Assert.Single(logger.Collector.GetSnapshot(), r => r.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.Contains("asr.routes[3]", warning.Message);
        Assert.Contains("English only", warning.Message);
    }

    [Fact]
    public void A_route_to_an_engine_there_is_not_is_a_config_error_naming_its_line()
    {
        var error = Assert.Throws<Core.Configuration.ConfigException>(() => Core.Configuration.YamlOptionsBinder.Parse<Configuration.MiddlewareConfig>("""
            asr:
              routes:
                - queue: support-zh
                  engine: funasr
            """, "middleware.yaml"));

        Assert.Contains("middleware.yaml:4", error.Message);
        Assert.Contains("pocketsphinx, whisper, http or none", error.Message);
    }

    /// <summary>Whisper tiny's header (magic, 11 hyper-parameters, mel filter dimensions) and its zeroed filters.</summary>
    private static byte[] Header()
    {
        int[] fields = [51864, 1500, 384, 6, 4, 448, 384, 6, 4, 80, 1, 80, 201];
        var bytes = new byte[60 + 80 * 201 * 4 + 4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, 0x67676d6c);
        for (var i = 0; i < fields.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4 + i * 4), fields[i]);
        }

        return bytes;
    }
}
