using System.Runtime.InteropServices;
using Middleware.Core.Media;
using Middleware.Adapters.SipMirror.Dialogs;

namespace Middleware.Adapters.SipMirror.Rtp;

/// <summary>
/// Turns a call's RTP into per-leg audio chunks, DTMF digits and, when the call ends, one quality
/// report per leg (from RTP counts, or from RTCP reports when only those were mirrored).
/// </summary>
public sealed class MediaProcessor(MediaFlowTable flows, RtpOptions? options = null)
{
    private readonly RtpOptions _options = OptionsCopy.Of(options ?? new RtpOptions());
    private readonly Dictionary<(string CallId, SipParty Speaker), Leg> _legs = [];
    private readonly Dictionary<(string CallId, SipParty Speaker), RtcpReport> _rtcp = [];

    public long Packets { get; private set; }

    public long Unmatched { get; private set; }

    public long Malformed { get; private set; }

    /// <summary>WAV files written so far (closed when their call ended).</summary>
    public List<string> WavFiles { get; } = [];

    /// <summary>Handles one UDP datagram that may be RTP; returns the call it belongs to, or null.</summary>
    public string? Rtp(ReadOnlySpan<byte> packet, IPEndPoint source, IPEndPoint destination, DateTimeOffset at, List<SipCallEvent> output)
    {
        if (packet.Length >= 8 && packet[0] >> 6 == 2 && packet[1] is >= 192 and <= 223)
        {
            return Rtcp(packet, source, destination); // RFC 5761 §4: these second bytes are RTCP, never RTP
        }

        if (flows.Find(source, destination) is not { } flow)
        {
            Unmatched++;
            return null;
        }

        if (!RtpHeader.TryParse(packet, out var header))
        {
            Malformed++;
            return flow.CallId;
        }

        Packets++;
        var key = (flow.CallId, flow.Speaker);
        if (!_legs.TryGetValue(key, out var leg))
        {
            var clock = flow.Media.Codec(flow.Media.PayloadTypes.FirstOrDefault())?.ClockRate ?? 8000;
            leg = new Leg(new RtpLegStream(clock, flow.Media.TelephoneEventPayloadType ?? 101, _options), clock);
            _legs[key] = leg;
        }

        leg.Stream.Add(header, packet, at, out var digit);
        var speaker = Name(flow.Speaker);
        if (digit is { } d)
        {
            // RFC 4733 §2.5.1.2: the end packet comes when the tone stops; the press began its duration earlier.
            output.Add(new SipCallEvent(flow.CallId, new DtmfReceived(d.Digit.ToString(), speaker, d.DurationMs, speaker), at - TimeSpan.FromMilliseconds(d.DurationMs), null));
        }

        if (leg.Stream.PendingSamples >= _options.ChunkLength.TotalSeconds * leg.ClockRate)
        {
            Flush(flow.CallId, flow.Speaker, leg, output, at);
        }

        return flow.CallId;
    }

    /// <summary>RTCP sent to or from a media port + 1 (RFC 3550's default pairing), or multiplexed on the RTP port.</summary>
    /// <returns>The call the report belongs to, or null.</returns>
    public string? Rtcp(ReadOnlySpan<byte> packet, IPEndPoint source, IPEndPoint destination)
    {
        var flow = (source.Port > 0 && destination.Port > 0 ? flows.Find(new IPEndPoint(source.Address, source.Port - 1), new IPEndPoint(destination.Address, destination.Port - 1)) : null)
            ?? flows.Find(source, destination);
        if (flow is not { } f)
        {
            Unmatched++;
            return null;
        }

        Rtcp(RtcpReport.ParseAll(packet), f);
        return f.CallId;
    }

    /// <summary>Reports already decoded (JSON RTCP from a HEP agent), sent from <paramref name="source"/> to <paramref name="destination"/>.</summary>
    /// <returns>The call the reports belong to, or null.</returns>
    public string? RtcpReports(List<RtcpReport> reports, IPEndPoint source, IPEndPoint destination)
    {
        var flow = (source.Port > 0 && destination.Port > 0 ? flows.Find(new IPEndPoint(source.Address, source.Port - 1), new IPEndPoint(destination.Address, destination.Port - 1)) : null)
            ?? flows.Find(source, destination);
        if (flow is not { } f)
        {
            Unmatched++;
            return null;
        }

        Rtcp(reports, f);
        return f.CallId;
    }

    private void Rtcp(List<RtcpReport> reports, MediaLeg flow)
    {
        foreach (var report in reports)
        {
            // A report is sent by the receiver about the other speaker's stream.
            var speaker = flow.Speaker == SipParty.Caller ? SipParty.Callee : SipParty.Caller;
            _rtcp[(flow.CallId, speaker)] = report;
        }
    }

    /// <summary>The call went on hold (or came back): both its legs fill the pause with silence (see <see cref="RtpLegStream.HoldStarted"/>).</summary>
    public void Hold(string callId, bool held, DateTimeOffset at)
    {
        foreach (var speaker in new[] { SipParty.Caller, SipParty.Callee })
        {
            if (_legs.TryGetValue((callId, speaker), out var leg))
            {
                if (held)
                {
                    leg.Stream.HoldStarted(at);
                }
                else
                {
                    leg.Stream.HoldEnded();
                }
            }
        }
    }

    /// <summary>
    /// The call is ending: each leg's last audio (what is waiting for a whole chunk) is emitted now, ahead of
    /// the CallEnded, because whoever listens to the audio (speech recognition) closes the leg at CallEnded and
    /// would lose the caller's last words. <see cref="CallEnded"/> then reports the quality.
    /// </summary>
    public void DrainAudio(string callId, DateTimeOffset at, List<SipCallEvent> output)
    {
        foreach (var speaker in new[] { SipParty.Caller, SipParty.Callee })
        {
            if (_legs.TryGetValue((callId, speaker), out var leg))
            {
                leg.Stream.Drain();
                Flush(callId, speaker, leg, output, at);
            }
        }
    }

    /// <summary>The call ended: drain its legs, emit the last audio and a quality report per leg, close WAVs.</summary>
    public void CallEnded(string callId, DateTimeOffset at, List<SipCallEvent> output)
    {
        foreach (var speaker in new[] { SipParty.Caller, SipParty.Callee })
        {
            var key = (callId, speaker);
            if (_legs.Remove(key, out var leg))
            {
                leg.Stream.Drain();
                Flush(callId, speaker, leg, output, at);
                leg.Wav?.Dispose();
                var s = leg.Stream;
                var loss = (double)s.Lost / Math.Max(1, s.Lost + s.TotalReceived);
                var jitterMs = s.Jitter / leg.ClockRate * 1000;
                output.Add(new SipCallEvent(callId, new MediaQuality(SpeakerOf(speaker), s.Codec, s.TotalReceived, s.Lost, Math.Round(jitterMs, 2), EModel.Mos(s.Codec, loss, jitterMs)), at, null));
            }
            else if (_rtcp.TryGetValue(key, out var report))
            {
                var jitterMs = report.Jitter / 8.0;
                output.Add(new SipCallEvent(callId, new MediaQuality(SpeakerOf(speaker), null, 0, report.CumulativeLost, jitterMs, EModel.Mos(null, report.FractionLost, jitterMs), "rtcp"), at, null));
            }

            _rtcp.Remove(key);
        }
    }

    private void Flush(string callId, SipParty speaker, Leg leg, List<SipCallEvent> output, DateTimeOffset at)
    {
        var startedAt = leg.Stream.PendingSince ?? at;
        var pcm = leg.Stream.TakePcmBytes();
        if (pcm.Length == 0)
        {
            return;
        }

        if (_options.WavDirectory is { } dir)
        {
            if (leg.Wav is null)
            {
                Directory.CreateDirectory(dir);
                var safe = string.Concat(callId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '_'));
                var wav = Path.Combine(dir, $"{safe}-{Name(speaker)}.wav");
                leg.Wav = new WavWriter(wav, leg.ClockRate);
                WavFiles.Add(wav);
            }

            leg.Wav.Write(MemoryMarshal.Cast<byte, short>(pcm));
        }

        if (_options.EmitAudio)
        {
            output.Add(new SipCallEvent(callId, new AudioChunk(SpeakerOf(speaker), startedAt, leg.ClockRate, pcm), startedAt, null));
        }
    }

    private static Speaker SpeakerOf(SipParty party) => party == SipParty.Caller ? Speaker.Caller : Speaker.Agent;

    private static string Name(SipParty party) => party == SipParty.Caller ? "caller" : "agent";

    private sealed class Leg(RtpLegStream stream, int clockRate)
    {
        public RtpLegStream Stream { get; } = stream;

        public int ClockRate { get; } = clockRate;

        public WavWriter? Wav { get; set; }
    }
}
