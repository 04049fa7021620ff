using Microsoft.Extensions.Logging;
using Middleware.Core.Privacy;
using Middleware.Enrichment.Asr;
using Middleware.Enrichment.Asr.Engines.PocketSphinx;

namespace Middleware.Host.Hosting;

/// <summary>
/// Builds the configured speech engine and the transcription enricher over it. An engine that cannot
/// run here (apt packages missing, a model file absent or bad) is one warning line saying how to
/// enable speech; the middleware runs on without transcripts.
/// </summary>
public static class SpeechComposition
{
    public const string EnableHint = "apt-get install libpocketsphinx3 pocketsphinx-en-us (or run scripts/demo.sh, which installs them)";

    /// <summary>The engine named (pocketsphinx, none), or null with why not.</summary>
    public static ISpeechEngine? CreateEngine(string name, AsrOptions options, out string? problem)
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
                default:
                    problem = $"unknown speech engine '{name}' (pocketsphinx or none)";
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
        var engine = CreateEngine(options.Engine, options, out var problem);
        if (engine is null)
        {
            if (problem is not null)
            {
                logger.LogWarning("speech off: {Problem}; to enable: {Hint}", problem, EnableHint);
            }

            return null;
        }

        logger.LogInformation("speech: {Engine} ({Language}), {Decoders} decoder(s)", engine.Name, engine.Language, engine.MaxConcurrency);
        return new TranscriptionEnricher(engine, options, redactor, logger);
    }
}
