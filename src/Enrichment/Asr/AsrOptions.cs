using Middleware.Enrichment.Asr.Engines.Http;
using Middleware.Enrichment.Asr.Engines.PocketSphinx;
using Middleware.Enrichment.Asr.Engines.Whisper;

namespace Middleware.Enrichment.Asr;

/// <summary>The `asr` section: which engine transcribes the mirrored legs, and how much it may hold.</summary>
public sealed class AsrOptions
{
    /// <summary>pocketsphinx (the offline default), whisper, http, or none: for the legs no route takes.</summary>
    public string Engine { get; set; } = "pocketsphinx";

    /// <summary>Engine per source, queue or dialed number, and in which language; the first that matches a leg decides.</summary>
    public List<AsrRoute> Routes { get; set; } = [];

    /// <summary>Seconds of audio a leg may have waiting for the engine; beyond it chunks are shed and counted.</summary>
    public int BacklogSeconds { get; set; } = 10;

    /// <summary>
    /// How far below the pipeline the decode threads run (Linux nice, 0–19; 0: alongside it). Lower
    /// decoding gives way to call events on a busy machine, and to every other process too: speech sheds first.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 19)]
    public int DecodeNice { get; set; } = 10;

    /// <summary>A leg with no audio for this long is over: its last words become final.</summary>
    public double LegIdleSeconds { get; set; } = 3;

    public TranscriberOptions Transcriber { get; set; } = new();

    public PocketSphinxOptions PocketSphinx { get; set; } = new();

    public WhisperOptions Whisper { get; set; } = new();

    public HttpTranscriptionOptions Http { get; set; } = new();
}
