using System.Runtime.InteropServices;
using Middleware.Adapters.SipMirror.Dialogs;
using Middleware.Enrichment.Asr;

namespace Middleware.Host.Replay;

/// <summary>
/// The legs of a replayed capture through the same transcriber as live audio, one leg after the
/// other (offline, so the output does not depend on timing): final segments with the call they
/// belong to and the instant they were final (call start + segment end).
/// </summary>
public static class PcapTranscripts
{
    public static async Task<List<(string CallId, TranscriptSegment Segment, DateTimeOffset At)>> TranscribeAsync(
        ISpeechEngine engine, IReadOnlyList<SipCallEvent> events, TranscriberOptions options, CancellationToken cancellationToken)
    {
        var starts = new Dictionary<string, DateTimeOffset>();
        foreach (var e in events)
        {
            if (e.Payload is CallStarted || e.Payload is AudioChunk)
            {
                starts.TryAdd(e.CallId, e.Payload is AudioChunk a ? a.StartedAt : e.OccurredAt);
            }
        }

        var result = new List<(string, TranscriptSegment, DateTimeOffset)>();
        foreach (var leg in events.Where(e => e.Payload is AudioChunk).GroupBy(e => (e.CallId, ((AudioChunk)e.Payload).Leg)))
        {
            var callStart = starts[leg.Key.CallId];
            var segments = new List<TranscriptSegment>();
            LegTranscriber? transcriber = null;
            try
            {
                foreach (var e in leg)
                {
                    var chunk = (AudioChunk)e.Payload;
                    transcriber ??= new LegTranscriber(engine, leg.Key.Leg, chunk.SampleRate, options);
                    var pcm = MemoryMarshal.Cast<byte, short>(chunk.Pcm).ToArray();
                    await transcriber.AcceptAsync(pcm, (chunk.StartedAt - callStart).TotalSeconds, segments, cancellationToken).ConfigureAwait(false);
                }

                if (transcriber is not null)
                {
                    await transcriber.FinishAsync(segments, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                transcriber?.Dispose();
            }

            result.AddRange(segments.Where(s => s.IsFinal).Select(s => (leg.Key.CallId, s, callStart.AddSeconds(s.EndSeconds))));
        }

        return result;
    }
}
