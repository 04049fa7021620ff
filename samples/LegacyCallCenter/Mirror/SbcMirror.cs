using System.Net;
using System.Net.Sockets;
using System.Text;
using Middleware.Adapters.SipMirror.Hep;
using Middleware.Samples.Pbx;

namespace Middleware.Samples.Mirror;

/// <summary>
/// The sample call center's SBC: mirrors the trunk side of answered calls as HEP3 over UDP, the way
/// Kamailio's siptrace or an rtpengine with HEP does — the caller's INVITE with SDP, the PBX's 200 OK with
/// SDP, the ACK, both directions of G.711 µ-law RTP in 20 ms packets, then the BYE. The PBX's dialplan
/// sets <c>SIPCALLID</c> to the trunk dialog's Call-ID (as the README tells integrators to), so the
/// middleware joins the mirror to the AMI call. Times are the PBX's (virtual) clock: packets are stamped
/// with their nominal capture time and sent as that clock reaches it, so a fast demo clock sends faster.
/// </summary>
public sealed class SbcMirror(IPEndPoint collector, PbxModel pbx) : IDisposable
{
    private readonly ScaledClock clock = pbx.Clock;
    private const int SamplesPerPacket = 160; // 20 ms at 8 kHz (RFC 3551, PCMU)
    private static readonly TimeSpan Packet = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan TurnGap = TimeSpan.FromMilliseconds(700);
    private static readonly IPAddress Carrier = IPAddress.Parse("198.51.100.7");
    private static readonly IPAddress Pbx = IPAddress.Parse("192.0.2.10");
    private readonly UdpClient _udp = new(AddressFamily.InterNetwork);
    private int _calls;

    public int Mirrored => Volatile.Read(ref _calls);

    /// <summary>
    /// Mirrors the trunk dialog of <paramref name="call"/>, arriving now: the dialplan sets SIPCALLID, the
    /// carrier's INVITE and the PBX's answer (its dialplan answers at once) go out; the conversation follows
    /// with <see cref="MirroredCall.SpeakAsync"/> once an agent is on the line.
    /// </summary>
    public async Task<MirroredCall> ArriveAsync(PbxCall call, string callerNumber, string dialed, CancellationToken cancellationToken = default)
    {
        var n = Interlocked.Increment(ref _calls);
        var dialog = new TrunkDialog($"sbc-{n}-{call.CallId}@198.51.100.7", callerNumber, dialed, 30000 + (2 * n), 40000 + (2 * n));
        pbx.SetVariable(call.Caller, "SIPCALLID", dialog.CallId); // the dialplan's Set(SIPCALLID=${CHANNEL(pjsip,call-id)})
        var at = clock.GetUtcNow();
        await SendSipAsync(dialog.Invite(), at, fromCaller: true, cancellationToken).ConfigureAwait(false);
        await SendSipAsync(dialog.Ok(), at.AddMilliseconds(40), fromCaller: false, cancellationToken).ConfigureAwait(false);
        await SendSipAsync(dialog.Ack(), at.AddMilliseconds(60), fromCaller: true, cancellationToken).ConfigureAwait(false);
        return new MirroredCall(this, dialog);
    }

    /// <summary>Both directions, continuously (a phone sends silence while it listens), one turn after another.</summary>
    private async Task StreamAsync(TrunkDialog dialog, Dialogue dialogue, DateTimeOffset start, CancellationToken cancellationToken)
    {
        var caller = dialogue.Track(Core.Events.Speaker.Caller, TurnGap);
        var agent = dialogue.Track(Core.Events.Speaker.Agent, TurnGap);
        var packets = (Math.Max(caller.Length, agent.Length) + SamplesPerPacket - 1) / SamplesPerPacket;
        for (var i = 0; i < packets; i++)
        {
            var due = start + (Packet * i);
            if (clock.GetUtcNow() < due)
            {
                await clock.Wait(due - clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            }

            await SendRtpAsync(dialog, fromCaller: true, i, Slice(caller, i), due, cancellationToken).ConfigureAwait(false);
            await SendRtpAsync(dialog, fromCaller: false, i, Slice(agent, i), due, cancellationToken).ConfigureAwait(false);
        }
    }

    private static ReadOnlyMemory<byte> Slice(byte[] track, int packet)
    {
        var from = packet * SamplesPerPacket;
        if (from + SamplesPerPacket <= track.Length)
        {
            return track.AsMemory(from, SamplesPerPacket);
        }

        var last = Enumerable.Repeat(Dialogue.MuLawSilence, SamplesPerPacket).ToArray();
        if (from < track.Length)
        {
            track.AsSpan(from).CopyTo(last);
        }

        return last;
    }

    private Task SendRtpAsync(TrunkDialog dialog, bool fromCaller, int sequence, ReadOnlyMemory<byte> payload, DateTimeOffset at, CancellationToken cancellationToken)
    {
        // PT 0 (PCMU), sequence and timestamp advancing per packet, one SSRC per direction.
        var rtp = RtpWriter.Write(0, (ushort)sequence, (uint)(sequence * SamplesPerPacket), fromCaller ? 0x5b0c0001u : 0x5b0c0002u, payload.Span);
        var (from, to) = fromCaller ? (dialog.CallerMediaPort, dialog.PbxMediaPort) : (dialog.PbxMediaPort, dialog.CallerMediaPort);
        return SendAsync(HepPayloadType.Rtp, rtp, at, fromCaller, (ushort)from, (ushort)to, cancellationToken);
    }

    private Task SendSipAsync(string message, DateTimeOffset at, bool fromCaller, CancellationToken cancellationToken) =>
        SendAsync(HepPayloadType.Sip, Encoding.ASCII.GetBytes(message), at, fromCaller, 5060, 5060, cancellationToken);

    private async Task SendAsync(HepPayloadType type, byte[] payload, DateTimeOffset at, bool fromCaller, ushort fromPort, ushort toPort, CancellationToken cancellationToken)
    {
        var packet = HepWriter.Write(new HepPacket
        {
            IpProtocol = 17,
            SourceAddress = fromCaller ? Carrier : Pbx,
            DestinationAddress = fromCaller ? Pbx : Carrier,
            SourcePort = fromPort,
            DestinationPort = toPort,
            CapturedAt = at,
            PayloadType = type,
            CaptureAgentId = 2001,
            Payload = payload,
        });
        await _udp.SendAsync(packet, collector, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _udp.Dispose();

    /// <summary>A mirrored call still up: its BYE goes out when the PBX hangs up.</summary>
    public sealed class MirroredCall
    {
        private readonly SbcMirror _sbc;
        private readonly TrunkDialog _dialog;

        internal MirroredCall(SbcMirror sbc, TrunkDialog dialog) => (_sbc, _dialog) = (sbc, dialog);

        public string SipCallId => _dialog.CallId;

        /// <summary>The conversation's audio, both directions from now on; returns once it is all sent.</summary>
        public Task SpeakAsync(Dialogue dialogue, CancellationToken cancellationToken = default) =>
            _sbc.StreamAsync(_dialog, dialogue, _sbc.clock.GetUtcNow(), cancellationToken);

        public async Task HangUpAsync(bool byCaller, CancellationToken cancellationToken = default)
        {
            var at = _sbc.clock.GetUtcNow();
            await _sbc.SendSipAsync(_dialog.Bye(byCaller), at, fromCaller: byCaller, cancellationToken).ConfigureAwait(false);
            await _sbc.SendSipAsync(_dialog.ByeOk(byCaller), at.AddMilliseconds(20), fromCaller: !byCaller, cancellationToken).ConfigureAwait(false);
        }
    }
}
