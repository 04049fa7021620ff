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

    public static TranscriptionEnricher? Enricher(AsrOptions options, ITextRedactor redactor, ILogger logger)
    {
        var engine = CreateEngine(options.Engine, options, out var problem, logger);
        if (engine is null)
        {
            if (problem is not null)
            {
                logger.LogWarning("speech off: {Problem}; to enable: {Hint}", problem, HintFor(options.Engine));
            }

            return null;
        }

        logger.LogInformation("speech: {Engine} ({Language}), {Decoders} decoder(s){Where}", engine.Name, engine.Language, engine.MaxConcurrency,
            engine is HttpTranscriptionEngine http ? $" at {http.Endpoint}" : "");
        return new TranscriptionEnricher(engine, options, redactor, logger);
    }
}
