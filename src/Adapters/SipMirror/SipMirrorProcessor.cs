using Middleware.Adapters.SipMirror.Dialogs;
using Middleware.Adapters.SipMirror.Rtp;
using Middleware.Adapters.SipMirror.Sip;

namespace Middleware.Adapters.SipMirror;

/// <summary>
/// What every mirror input (HEP listener, pcap file, live interface) feeds: SIP to the dialog
/// tracker, RTP/RTCP to the media processor, and call ends to both. One per capture loop, not
/// thread-safe. Bad input is counted by reason and skipped.
/// </summary>
public sealed class SipMirrorProcessor
{
    private readonly List<SipCallEvent> _scratch = [];

    public SipMirrorProcessor(SipCallTrackerOptions? tracker = null, RtpOptions? rtp = null)
    {
        Tracker = new SipCallTracker(tracker);
        Media = new MediaProcessor(Tracker.Flows, rtp);
    }

    public SipCallTracker Tracker { get; }

    public MediaProcessor Media { get; }

    /// <summary>Rejected input by reason (SIP parse errors, HEP errors, auth failures).</summary>
    public ConcurrentDictionary<string, long> Rejected { get; } = new();

    public long RejectedTotal => Rejected.Values.Sum();

    /// <summary>The last rejection, for logs and `/health`.</summary>
    public string? LastRejection { get; private set; }

    public void Reject(string reason, string detail)
    {
        Rejected.AddOrUpdate(reason, 1, (_, n) => n + 1);
        LastRejection = detail;
    }

    /// <summary>A SIP message (from HEP, a UDP datagram or a TCP stream) for the dialog tracker.</summary>
    /// <param name="heardAt">When it was received, on the clock <see cref="Sweep"/> runs on; null when that is <paramref name="at"/> (files, live capture).</param>
    public void ProcessSip(ReadOnlyMemory<byte> payload, DateTimeOffset at, IPEndPoint? source, List<SipCallEvent> output, DateTimeOffset? heardAt = null)
    {
        var message = SipParser.Parse(payload, out var error);
        if (message is null)
        {
            Reject("sip: " + error!.Problem, $"SIP from {source}: {error}");
            return;
        }

        _scratch.Clear();
        try
        {
            Tracker.Process(message, at, _scratch, source?.Address, heardAt);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A defect met by one message must not stop the capture loop: counted, reported, skipped.
            Reject("internal: " + ex.GetType().Name, $"SIP {message} of call {message.CallId} from {source}: {ex.Message}");
            return;
        }

        Emit(_scratch, at, output);
    }

    /// <summary>A UDP datagram from a mirror port: RTP/RTCP of a known call, or ignored.</summary>
    public void ProcessRtp(ReadOnlySpan<byte> datagram, IPEndPoint source, IPEndPoint destination, DateTimeOffset at, List<SipCallEvent> output, DateTimeOffset? heardAt = null)
    {
        _scratch.Clear();
        try
        {
            if (Media.Rtp(datagram, source, destination, at, _scratch) is { } callId)
            {
                Tracker.MediaSeen(callId, at, heardAt);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Reject("internal: " + ex.GetType().Name, $"RTP {source} → {destination}: {ex.Message}");
            return;
        }

        output.AddRange(_scratch);
    }

    /// <summary>
    /// A binary RTCP packet (RFC 3550 SR/RR) of a known call, for its legs' quality. It is also the
    /// call's media heard: a mirror fed by Asterisk's res_hep_rtcp gets RTCP and no RTP, and a call
    /// whose end is never seen (the PBX killed) must end at its last report, not at its ACK.
    /// </summary>
    public void ProcessRtcp(ReadOnlySpan<byte> datagram, IPEndPoint source, IPEndPoint destination, DateTimeOffset at, DateTimeOffset? heardAt = null)
    {
        if (Media.Rtcp(datagram, source, destination) is { } callId)
        {
            Tracker.MediaSeen(callId, at, heardAt);
        }
    }

    /// <summary>RTCP a HEP agent sent as JSON (payload type 5 with a JSON body); like <see cref="ProcessRtcp"/>, the call's media heard.</summary>
    public void ProcessRtcpJson(ReadOnlySpan<byte> json, IPEndPoint source, IPEndPoint destination, DateTimeOffset at, DateTimeOffset? heardAt = null)
    {
        var reports = RtcpJson.Parse(json, out var error);
        if (reports is null)
        {
            Reject("rtcp: " + error!.Label, $"RTCP from {source}: {error}");
            return;
        }

        if (Media.RtcpReports(reports, source, destination) is { } callId)
        {
            Tracker.MediaSeen(callId, at, heardAt);
        }
    }

    /// <summary>Runs the timers: silent calls end with cause timeout.</summary>
    public void Sweep(DateTimeOffset now, List<SipCallEvent> output)
    {
        _scratch.Clear();
        Tracker.Sweep(now, _scratch);
        Emit(_scratch, now, output);
    }

    /// <summary>End of a capture file: calls still open end as their timers would have ended them.</summary>
    public void Finish(DateTimeOffset lastPacketAt, List<SipCallEvent> output) =>
        Sweep(lastPacketAt + TimeSpan.FromDays(1), output);

    private void Emit(List<SipCallEvent> events, DateTimeOffset at, List<SipCallEvent> output)
    {
        foreach (var e in events)
        {
            if (e.Payload is CallEnded)
            {
                Media.DrainAudio(e.CallId, e.OccurredAt, output);
            }

            output.Add(e);
            switch (e.Payload)
            {
                case CallEnded:
                    Media.CallEnded(e.CallId, e.OccurredAt, output);
                    break;
                case CallHeld:
                    Media.Hold(e.CallId, held: true, e.OccurredAt);
                    break;
                case CallResumed:
                    Media.Hold(e.CallId, held: false, e.OccurredAt);
                    break;
            }
        }
    }
}
