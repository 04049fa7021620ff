using Middleware.Adapters.SipMirror;
using Middleware.Adapters.SipMirror.Capture;
using Middleware.Adapters.SipMirror.Dialogs;
using Middleware.Adapters.SipMirror.Rtp;

namespace Middleware.Host.Replay;

/// <summary>
/// Runs a pcap/pcapng capture through the same SIP mirror as a live HEP source: normalized call
/// events as JSON lines on stdout (audio chunks left out: they go to the WAVs), a summary on stderr.
/// </summary>
public static class PcapReplay
{
    public static async Task<int> RunAsync(string path, string source, string? wavDirectory, string? filter, string? internalNumbers, TextWriter output, TextWriter error,
        string asr = "none", Enrichment.Asr.AsrOptions? asrOptions = null, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            error.WriteLine($"replay pcap: no such file: {path}");
            return 1;
        }

        asrOptions ??= new Enrichment.Asr.AsrOptions();
        using var engine = Hosting.SpeechComposition.CreateEngine(asr, asrOptions, out var problem);
        if (problem is not null)
        {
            error.WriteLine($"replay pcap: --asr {asr}: {problem}; to enable: {Hosting.SpeechComposition.HintFor(asr)}");
            return 1;
        }

        var processor = new SipMirrorProcessor(
            new SipCallTrackerOptions { CallIdPrefix = source + ":", InternalNumbers = internalNumbers },
            new RtpOptions { WavDirectory = wavDirectory, EmitAudio = engine is not null });
        var reader = new CaptureReader(processor);
        var events = new List<SipCallEvent>();
        try
        {
            reader.ReadFile(path, events, filter);
        }
        catch (Exception ex) when (ex is SharpPcap.PcapException or DllNotFoundException)
        {
            error.WriteLine($"replay pcap: cannot read {path}: {ex.Message}");
            return 1;
        }

        var factory = new EventFactory(TimeProvider.System);
        var lines = events.Where(e => e.Payload is not AudioChunk)
            .Select(e => factory.Create(source, e.CallId, e.Payload, e.OccurredAt, e.Source is { } m ? new RawSource("sip", m.Raw) : null))
            .ToList();
        if (engine is not null)
        {
            var segments = await PcapTranscripts.TranscribeAsync(engine, events, asrOptions.Transcriber, cancellationToken).ConfigureAwait(false);
            lines.AddRange(segments.Select(s => factory.Create("asr", s.CallId, s.Segment, s.At)));
            error.WriteLine($"replay pcap: {engine.Name}: {segments.Count} final segment(s)");
            if (engine is Enrichment.Asr.ISpeechEngineFailures { Failures: > 0 } failing)
            {
                error.WriteLine($"replay pcap: {engine.Name}: {failing.Failures} utterance(s) failed, last: {failing.LastFailure}");
            }
        }

        foreach (var line in lines.OrderBy(e => e.OccurredAt)) // stable: events of one instant keep their order
        {
            output.WriteLine(EventJsonLine.Format(line));
        }

        var calls = events.Where(e => e.Payload is CallStarted).Select(e => e.CallId).Distinct().Count();
        error.WriteLine($"replay pcap: {reader.Packets} packet(s), {processor.Tracker.Stats.Messages} SIP message(s) ({processor.Tracker.Stats.Duplicates} repeats counted once), " +
            $"{calls} call(s), {processor.Media.Packets} RTP packet(s), {reader.Ip.Reassembled} reassembled IP datagram(s), {processor.RejectedTotal} rejected");
        if (reader.StoppedEarly is { } damage)
        {
            error.WriteLine($"replay pcap: the capture is damaged: libpcap stopped after {reader.Packets} packet(s) of {new FileInfo(path).Length} bytes: {damage}");
        }

        foreach (var (reason, count) in processor.Rejected.OrderByDescending(r => r.Value))
        {
            error.WriteLine($"  rejected {count} × {reason}");
        }

        foreach (var wav in processor.Media.WavFiles)
        {
            error.WriteLine($"  wrote {wav}");
        }

        return 0;
    }
}
