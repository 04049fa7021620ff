using Middleware.Core.Media;

namespace Middleware.Enrichment.Asr;

/// <summary>
/// A recorded leg (a WAV file) through the same segmentation and engine as a live leg, fed in the
/// 20 ms pieces RTP would bring: what the WER harness, the tests and the HTTP recognizer use.
/// </summary>
public static class FileTranscription
{
    public static async Task<IReadOnlyList<TranscriptSegment>> TranscribeAsync(ISpeechEngine engine, WavAudio audio, Speaker speaker = Speaker.Caller,
        TranscriberOptions? options = null, CancellationToken cancellationToken = default)
    {
        var segments = new List<TranscriptSegment>();
        using var leg = new LegTranscriber(engine, speaker, audio.SampleRate, options);
        var piece = Math.Max(1, audio.SampleRate / 50);
        for (var at = 0; at < audio.Samples.Length; at += piece)
        {
            var length = Math.Min(piece, audio.Samples.Length - at);
            await leg.AcceptAsync(audio.Samples.AsMemory(at, length), (double)at / audio.SampleRate, segments, cancellationToken).ConfigureAwait(false);
        }

        await leg.FinishAsync(segments, cancellationToken).ConfigureAwait(false);
        return segments;
    }

    /// <summary>The final segments' words joined: what an utterance was heard as.</summary>
    public static string FinalText(IEnumerable<TranscriptSegment> segments) =>
        string.Join(' ', segments.Where(s => s.IsFinal).Select(s => s.Text));
}
