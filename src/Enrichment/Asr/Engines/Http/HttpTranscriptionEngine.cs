using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Core.Media;
using Middleware.Core.Resilience;
using Middleware.Core.Sources;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Middleware.Enrichment.Asr.Engines.Http;

/// <summary>
/// A recognizer server over HTTP (OpenAI's POST /v1/audio/transcriptions): each voice-activity
/// utterance is buffered while it is spoken and sent at its end as one 16 kHz 16-bit PCM WAV
/// (multipart form: file, model, language, response_format), behind the shared resilience pipeline
/// (<see cref="ResilientHttpClient"/>: retries of transient failures, per-attempt timeout, circuit
/// breaker, <see cref="HttpTranscriptionOptions.MaxConcurrency"/> requests in flight). Not streaming,
/// so no partials. A failure (server down, 4xx, a malformed answer, the decode timeout) is kept from
/// the pipeline: the utterance gives no words, the failure is counted (<see cref="Failures"/>) and
/// logged rate-limited, naming the URL; the call and the next utterance go on.
/// </summary>
public sealed class HttpTranscriptionEngine : ISpeechEngine, ISpeechEngineFailures
{
    private readonly HttpTranscriptionOptions _options;
    private readonly ResilientHttpClient _http;
    private readonly RepeatedWarnings _warnings;
    private readonly ILogger _logger;
    private long _failures;
    private string? _lastFailure;

    private HttpTranscriptionEngine(HttpTranscriptionOptions options, Uri endpoint, ILogger logger, TimeProvider time)
    {
        _options = options;
        _logger = logger;
        Endpoint = endpoint;
        MaxConcurrency = Math.Max(1, options.MaxConcurrency);
        Language = string.IsNullOrWhiteSpace(options.Language) || options.Language.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase)
            ? null : options.Language.Trim().ToLowerInvariant();
        _warnings = new RepeatedWarnings(logger, $"speech engine http {endpoint}: failures", time);
        _http = ResilientHttpClient.Create("asr-http", new HttpResilience(MaxConcurrency, options.Retries, options.Timeout, options.CircuitBreaker), time, client =>
        {
            if (!string.IsNullOrEmpty(options.ApiKey))
            {
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
            }
        });
    }

    public string Name => "http";

    /// <summary>What whisper.cpp's server takes without converting (and what Whisper and FunASR models run at).</summary>
    public int SampleRate => 16000;

    public string? Language { get; }

    public int MaxConcurrency { get; }

    public Uri Endpoint { get; }

    public long Failures => Interlocked.Read(ref _failures);

    public string? LastFailure => Volatile.Read(ref _lastFailure);

    /// <summary>The engine, or why not: no URL, or one that is not http(s). The server is not asked here: it may come up after the middleware.</summary>
    public static HttpTranscriptionEngine Create(HttpTranscriptionOptions options, ILogger? logger = null, TimeProvider? time = null)
    {
        var format = options.ResponseFormat.Trim().ToLowerInvariant();
        if (format is not ("json" or "verbose_json"))
        {
            throw new SpeechEngineUnavailableException($"HTTP speech engine: asr.http.response_format '{options.ResponseFormat}' is not json or verbose_json (the formats with words in JSON)");
        }

        return new HttpTranscriptionEngine(options, options.Endpoint(), logger ?? NullLogger.Instance, time ?? TimeProvider.System);
    }

    /// <summary>At once: a decoder only buffers audio, the concurrency limit applies to the requests.</summary>
    public ValueTask<ISpeechDecoder> RentAsync(CancellationToken cancellationToken) => ValueTask.FromResult<ISpeechDecoder>(new Decoder(this));

    /// <summary>One utterance's 16 kHz audio to its words; never throws: a failure is counted, logged and gives no words.</summary>
    public async Task<Recognition> TranscribeAsync(short[] pcm, CancellationToken cancellationToken)
    {
        try
        {
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(WavWriter.Encode(pcm, SampleRate));
            file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
            form.Add(file, "file", "utterance.wav");
            form.Add(new StringContent(_options.Model), "model");
            if (Language is not null)
            {
                form.Add(new StringContent(Language), "language");
            }

            form.Add(new StringContent(_options.ResponseFormat.Trim().ToLowerInvariant()), "response_format");
            using var response = await _http.Client.PostAsync(Endpoint, form, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return Fail($"answered {(int)response.StatusCode} {response.ReasonPhrase}: {Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 200))).ReplaceLineEndings(" ")}");
            }

            var answer = TranscriptionAnswer.Parse(body, Language);
            return answer.Recognition ?? Fail(answer.Error!);
        }
        catch (Exception ex)
        {
            return Fail(ex switch
            {
                BrokenCircuitException => $"failing, not asked for {_options.CircuitBreaker.BreakDuration.TotalSeconds:0.#} s (circuit open)",
                TimeoutRejectedException => $"no answer within {_options.Timeout.TotalSeconds:0.#} s, {_options.Retries + 1} attempt(s)",
                OperationCanceledException => "gave up on the utterance (the transcriber's decode_timeout, or stopping)",
                HttpRequestException => $"cannot be reached: {ex.Message}",
                _ => $"{ex.GetType().Name}: {ex.Message}",
            });
        }
    }

    private Recognition Fail(string problem)
    {
        var failure = $"recognizer server {Endpoint}: {problem}";
        Volatile.Write(ref _lastFailure, failure);
        Interlocked.Increment(ref _failures);
        if (_warnings.ShouldLog())
        {
            _logger.LogWarning("speech engine http: {Failure}; the utterance has no words, the call goes on", failure);
        }

        return Recognition.Nothing(Language);
    }

    public void Dispose()
    {
        _warnings.Dispose();
        _http.Dispose();
    }

    private sealed class Decoder(HttpTranscriptionEngine engine) : ISpeechDecoder
    {
        private readonly List<short> _audio = [];

        public void Begin() => _audio.Clear();

        public void Accept(ReadOnlySpan<short> pcm) => _audio.AddRange(pcm);

        /// <summary>The server decodes whole utterances: nothing before the end.</summary>
        public string? Partial() => null;

        public async ValueTask<Recognition> EndAsync(CancellationToken cancellationToken)
        {
            if (_audio.Count == 0)
            {
                return Recognition.Nothing(engine.Language);
            }

            var audio = _audio.ToArray();
            _audio.Clear();
            return await engine.TranscribeAsync(audio, cancellationToken).ConfigureAwait(false);
        }

        public void Dispose() => _audio.Clear();
    }
}
