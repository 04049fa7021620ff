using Middleware.Core.Resilience;

namespace Middleware.Enrichment.Asr.Engines.Http;

/// <summary>
/// The `asr.http` section: a recognizer server speaking OpenAI's POST /v1/audio/transcriptions
/// (whisper.cpp's server with --inference-path /v1/audio/transcriptions, faster-whisper servers,
/// FunASR's OpenAI-compatible server): how operators reach Mandarin where no local model exists.
/// </summary>
public sealed class HttpTranscriptionOptions
{
    public const string DefaultPath = "/v1/audio/transcriptions";

    /// <summary>The endpoint; a URL without a path gets /v1/audio/transcriptions. Null: the engine is unavailable and says so.</summary>
    public string? Url { get; set; }

    /// <summary>The form's model field: what the server calls its model (whisper-1, large-v3, paraformer-zh...).</summary>
    public string Model { get; set; } = "whisper-1";

    /// <summary>"en", "zh"...; null: the server detects the language (verbose_json says which).</summary>
    public string? Language { get; set; }

    /// <summary>Sent as a bearer token when set.</summary>
    [Secret]
    public string? ApiKey { get; set; }

    /// <summary>
    /// json: the utterance's text; verbose_json: also the server's own segments (each becomes a final
    /// segment with the server's start/end), their log-probabilities (confidence) and the language.
    /// </summary>
    public string ResponseFormat { get; set; } = "json";

    /// <summary>Per attempt. The transcriber's decode_timeout bounds all attempts of one utterance together.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>Retries of transient failures (5xx, 408, 429, connection refused, attempt timeout), jittered.</summary>
    public int Retries { get; set; } = 2;

    public CircuitBreakerOptions CircuitBreaker { get; set; } = new();

    /// <summary>Utterances in flight to the server at once; legs buffer their audio meanwhile, so this holds no leg up.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>The endpoint to post to, or why the URL is unusable.</summary>
    public Uri Endpoint()
    {
        if (string.IsNullOrWhiteSpace(Url))
        {
            throw new SpeechEngineUnavailableException("HTTP speech engine: no recognizer server configured (asr.http.url, or --asr-url)");
        }

        if (!Uri.TryCreate(Url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new SpeechEngineUnavailableException($"HTTP speech engine: asr.http.url '{Url}' is not an absolute http:// or https:// URL");
        }

        return uri.AbsolutePath is "" or "/" ? new Uri(uri, DefaultPath) : uri;
    }
}
