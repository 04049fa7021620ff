namespace Middleware.Enrichment.Asr;

/// <summary>
/// A speech recognizer the transcription enricher can put behind its voice-activity segmentation:
/// PocketSphinx in process, Whisper.net with an operator's model, or a recognizer server over HTTP.
/// Decoders are rented per utterance, so <see cref="MaxConcurrency"/> is how many legs may be
/// decoded at once: the engine's share of the machine, which keeps speech from starving signalling.
/// </summary>
public interface ISpeechEngine : IDisposable
{
    /// <summary>"pocketsphinx", "whisper", "http": what segments name as their engine.</summary>
    string Name { get; }

    /// <summary>The PCM rate the decoders take (mono, 16-bit); the enricher resamples to it.</summary>
    int SampleRate { get; }

    /// <summary>"en", "zh"... what the engine recognizes; null when it detects the language itself.</summary>
    string? Language { get; }

    int MaxConcurrency { get; }

    /// <summary>Waits for a free decoder; dispose the decoder to hand it back.</summary>
    ValueTask<ISpeechDecoder> RentAsync(CancellationToken cancellationToken);
}

/// <summary>
/// One utterance at a time: <see cref="Begin"/>, audio in pieces as it arrives, <see cref="EndAsync"/>
/// for the final words. Streaming engines tell the words so far while the utterance goes on
/// (<see cref="Partial"/>); the others (Whisper, HTTP) return null until the end.
/// </summary>
public interface ISpeechDecoder : IDisposable
{
    void Begin();

    /// <summary>Feeds audio of the utterance in progress.</summary>
    void Accept(ReadOnlySpan<short> pcm);

    /// <summary>The words heard so far when the engine can tell them, else null. Asked about once a second, not per frame: it costs a search backtrace.</summary>
    string? Partial();

    ValueTask<Recognition> EndAsync(CancellationToken cancellationToken);
}

/// <summary>What a decoder heard in one utterance.</summary>
/// <param name="Confidence">0..1: the engine's posterior where it has one, else a fixed estimate it documents.</param>
/// <param name="Language">The language the engine recognized in, or detected.</param>
public sealed record Recognition(string Text, double Confidence, string? Language)
{
    public static Recognition Nothing(string? language) => new("", 0, language);
}
