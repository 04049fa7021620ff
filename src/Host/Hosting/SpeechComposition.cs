using Middleware.Core.Configuration;
using Middleware.Core.Privacy;
using Middleware.Enrichment.Asr;
using Middleware.Enrichment.Asr.Engines.Http;
using Middleware.Enrichment.Asr.Engines.PocketSphinx;
using Middleware.Enrichment.Asr.Engines.Whisper;

namespace Middleware.Host.Hosting;

/// <summary>
/// Builds the configured speech engine and the transcription enricher over it. An engine that cannot
/// run here (apt packages missing, a model file absent or bad) is one warning line saying how to
/// enable speech; the middleware runs on without transcripts.
/// </summary>
public static class SpeechComposition
{
    public const string EnableHint = "apt-get install libpocketsphinx3 pocketsphinx-en-us (or run scripts/demo.sh, which installs them)";

    public const string WhisperHint = "set asr.whisper.model_path to a whisper.cpp ggml model file (none ships; README: Speech)";

    public const string HttpHint = "set asr.http.url (replay pcap: --asr-url) to a recognizer server's POST /v1/audio/transcriptions: whisper.cpp server, faster-whisper, FunASR (samples/TranscriptionServer to try one)";

    /// <summary>How to make the named engine run: what the one warning line tells the operator.</summary>
    public static string HintFor(string name) => name.Trim().ToLowerInvariant() switch
    {
        "whisper" => WhisperHint,
        "http" => HttpHint,
        _ => EnableHint,
    };

    /// <summary>The engine named (pocketsphinx, whisper, http, none), or null with why not.</summary>
    /// <param name="logger">Where an engine that keeps its failures from the pipeline (http) reports them.</param>
    public static ISpeechEngine? CreateEngine(string name, AsrOptions options, out string? problem, ILogger? logger = null)
    {
        problem = null;
        try
        {
            switch (name.Trim().ToLowerInvariant())
            {
                case "none" or "":
                    return null;
                case "pocketsphinx":
                    return PocketSphinxEngine.Create(options.PocketSphinx);
                case "whisper":
                    return WhisperEngine.Create(options.Whisper);
                case "http":
                    return HttpTranscriptionEngine.Create(options.Http, logger);
                default:
                    problem = $"unknown speech engine '{name}' (pocketsphinx, whisper, http or none)";
                    return null;
            }
        }
        catch (SpeechEngineUnavailableException ex)
        {
            problem = ex.Message;
            return null;
        }
    }

    public static TranscriptionEnricher? Enricher(AsrOptions options, ITextRedactor redactor, ILogger logger) =>
        Engines(options, logger) is { } engines ? new TranscriptionEnricher(engines, options, redactor, logger) : null;

    /// <summary>
    /// asr.engine and every asr.routes engine, each (engine, language) made once; one that cannot run is one
    /// warning line naming where it is configured, and its legs go untranscribed. Null when none runs.
    /// </summary>
    public static SpeechEngineRoutes? Engines(AsrOptions options, ILogger logger)
    {
        var made = new Dictionary<(string, string), ISpeechEngine?>();
        ISpeechEngine? Make(string name, string? language, string where)
        {
            var key = (name.Trim().ToLowerInvariant(), language?.Trim().ToLowerInvariant() ?? "");
            if (made.TryGetValue(key, out var known))
            {
                return known;
            }

            var inLanguage = InLanguage(options, key.Item1, language, out var problem);
            var engine = problem is null ? CreateEngine(name, inLanguage, out problem, logger) : null;
            if (engine is null && problem is not null)
            {
                logger.LogWarning("speech off for {Where}: {Problem}; to enable: {Hint}", where, problem, HintFor(name));
            }
            else if (engine is not null)
            {
                logger.LogInformation("speech for {Where}: {Engine} ({Language}), {Decoders} decoder(s){At}", where, engine.Name, engine.Language ?? "detected", engine.MaxConcurrency,
                    engine is HttpTranscriptionEngine http ? $" at {http.Endpoint}" : "");
            }

            return made[key] = engine;
        }

        var fallback = Make(options.Engine, null, "asr.engine");
        var routes = options.Routes.Select((route, i) => (route, Make(route.Engine, route.Language, $"asr.routes[{i}]"))).ToList();
        return fallback is null && routes.All(r => r.Item2 is null) ? null : new SpeechEngineRoutes(fallback, routes);
    }

    /// <summary>The options with the route's language for the engine that takes one; PocketSphinx's models are English only.</summary>
    private static AsrOptions InLanguage(AsrOptions options, string engine, string? language, out string? refused)
    {
        refused = null;
        if (string.IsNullOrWhiteSpace(language))
        {
            return options;
        }

        var copy = OptionsCopy.Of(options);
        switch (engine)
        {
            case "http":
                copy.Http.Language = language.Trim();
                break;
            case "whisper":
                copy.Whisper.Language = language.Trim();
                break;
            case "pocketsphinx" when !language.Trim().StartsWith("en", StringComparison.OrdinalIgnoreCase):
                refused = $"pocketsphinx transcribes English only (its models are Debian's en-us), not '{language.Trim()}': route these legs to whisper or http";
                break;
        }

        return copy;
    }
}
