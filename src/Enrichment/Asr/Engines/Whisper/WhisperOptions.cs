namespace Middleware.Enrichment.Asr.Engines.Whisper;

/// <summary>
/// The `asr.whisper` section: Whisper.net over an operator's ggml model file (whisper.cpp format,
/// e.g. ggml-base.bin, ggml-small.bin). No model ships with the product: none is reachable here.
/// </summary>
public sealed class WhisperOptions
{
    /// <summary>The ggml model file. Null: the engine is unavailable and says so.</summary>
    public string? ModelPath { get; set; }

    /// <summary>
    /// The model's SHA-256 (hex) as published with it. When set, the whole file is hashed at start
    /// and a mismatch refuses the model: a half-copied or swapped file never reaches the native loader.
    /// </summary>
    public string? Sha256 { get; set; }

    /// <summary>"en", "zh", ... or "auto" for Whisper's own language detection per utterance.</summary>
    public string Language { get; set; } = "en";

    /// <summary>CPU threads per decode (whisper.cpp's n_threads).</summary>
    public int Threads { get; set; } = 2;

    /// <summary>Processors in the pool: legs decoded at once. Each holds its own decoding state.</summary>
    public int Processors { get; set; } = 1;

    /// <summary>
    /// A file smaller than this is refused as truncated. The smallest published model (tiny, 5-bit
    /// quantized) is ~31 MiB, tiny in f16 ~75 MiB; 16 MiB still catches a download cut short.
    /// </summary>
    public long MinimumModelBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Initial prompt for every utterance (product and brand words steer Whisper's spelling). Null: none.</summary>
    public string? Prompt { get; set; }
}
