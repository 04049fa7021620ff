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
/// <param name="Parts">
/// Where the engine cut the utterance itself and timed each piece (a recognizer server's verbose_json
/// segments): each becomes its own final segment. Null: the utterance is one segment.
/// </param>
public sealed record Recognition(string Text, double Confidence, string? Language, IReadOnlyList<RecognizedPart>? Parts = null)
{
    public static Recognition Nothing(string? language) => new("", 0, language);
}

/// <summary>A piece of an utterance as the engine timed it, in seconds from the start of the audio it was given.</summary>
public sealed record RecognizedPart(double StartSeconds, double EndSeconds, string Text);

/// <summary>
/// An engine that keeps its failures out of the pipeline (an utterance it could not decode gives no
/// words rather than an exception: a recognizer server down is every utterance failing) and so
/// counts and reports them itself, for health and metrics.
/// </summary>
public interface ISpeechEngineFailures
{
    long Failures { get; }

    /// <summary>The latest failure, naming where and what; null when none yet.</summary>
    string? LastFailure { get; }
}
