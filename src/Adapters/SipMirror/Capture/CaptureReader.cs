using System.Buffers.Binary;
using Middleware.Adapters.SipMirror.Dialogs;
using Middleware.Adapters.SipMirror.Hep;
using PacketDotNet;
using SharpPcap;
using SharpPcap.LibPcap;

namespace Middleware.Adapters.SipMirror.Capture;

/// <summary>
/// Reads packets from a pcap/pcapng file or a live interface (SharpPcap over libpcap, with a BPF
/// filter), takes the link layer off with PacketDotNet (Ethernet, 802.1Q VLAN, Linux cooked
/// capture, loopback), reassembles IP fragments and TCP streams, and feeds SIP (plain, or inside
/// HEP) and RTP/RTCP to a <see cref="SipMirrorProcessor"/>.
/// </summary>
public sealed class CaptureReader
{
    private readonly SipMirrorProcessor _processor;
    private readonly IpReassembler _ip = new();
    private readonly TcpStreamReassembler _tcp = new();
    private readonly List<(ReadOnlyMemory<byte>, IPEndPoint, IPEndPoint)> _tcpMessages = [];
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;

    public CaptureReader(SipMirrorProcessor processor) => _processor = processor;

    public SipMirrorProcessor Processor => _processor;

    public long Packets { get; private set; }

    public long NotIp { get; private set; }

    public DateTimeOffset? LastPacketAt { get; private set; }

    /// <summary>Why libpcap stopped before the end of the file (a damaged or cut record), or null.</summary>
    public string? StoppedEarly { get; private set; }

    public IpReassembler Ip => _ip;

    public TcpStreamReassembler Tcp => _tcp;

    /// <summary>Reads a whole capture file; at its end, calls still open end as their timers would have ended them.</summary>
    public void ReadFile(string path, List<SipCallEvent> output, string? bpfFilter = null)
    {
        using var device = new CaptureFileReaderDevice(path);
        device.Open(new DeviceConfiguration());
        if (bpfFilter is not null)
        {
            device.Filter = bpfFilter;
        }

        GetPacketStatus status;
        while ((status = device.GetNextPacket(out var capture)) == GetPacketStatus.PacketRead)
        {
            var raw = capture.GetPacket();
            if (!TryToTime(raw.Timeval, out var at))
            {
                // A damaged record's timestamp (pcapng's is 64-bit) can lie outside DateTimeOffset.
                _processor.Reject("capture timestamp out of range", $"{raw.Timeval.Seconds} s");
                continue;
            }

            Add(raw.LinkLayerType, raw.Data, at, output);
        }

        if (status == GetPacketStatus.Error)
        {
            StoppedEarly = device.LastError; // libpcap gives up at the first damaged record
        }

        if (LastPacketAt is { } last)
        {
            _processor.Finish(last, output);
        }
    }

    /// <summary>One captured frame of the given link type.</summary>
    public void Add(LinkLayers link, byte[] frame, DateTimeOffset at, List<SipCallEvent> output)
    {
        Packets++;
        LastPacketAt = at;
        if (at - _lastSweep > TimeSpan.FromSeconds(1))
        {
            _lastSweep = at;
            _ip.Expire(at);
            _processor.Sweep(at, output);
        }

        // Only the offset of the IP header is taken from PacketDotNet: its whole-packet accessors
        // recompute lengths and checksums, which would hide (or trip over) a truncated packet.
        int offset;
        try
        {
            offset = Packet.ParsePacket(link, frame).Extract<IPPacket>() is { } ip ? ip.HeaderSegment.Offset : -1;
        }
        // PacketDotNet throws these on frames too short for their headers, and NotImplementedException on a
        // link layer it does not know: either way the frame is not IP we can read, counted, never fatal.
        catch (Exception ex) when (ex is IndexOutOfRangeException or ArgumentException or InvalidOperationException or NotImplementedException)
        {
            offset = -1;
        }

        if (offset < 0 || offset >= frame.Length)
        {
            NotIp++;
            return;
        }

        if (!_ip.TryAdd(frame.AsSpan(offset), at, out var datagram))
        {
            return;
        }

        if (datagram.Protocol == 17)
        {
            Udp(datagram, at, output);
        }
        else if (datagram.Protocol == 6)
        {
            _tcpMessages.Clear();
            _tcp.Add(datagram.Source, datagram.Destination, datagram.Payload.Span, _tcpMessages);
            foreach (var (message, from, _) in _tcpMessages)
            {
                _processor.ProcessSip(message, at, from, output);
            }
        }
    }

    private void Udp(IpDatagram datagram, DateTimeOffset at, List<SipCallEvent> output)
    {
        var udp = datagram.Payload;
        if (udp.Length < 8)
        {
            return;
        }

        var source = new IPEndPoint(datagram.Source, BinaryPrimitives.ReadUInt16BigEndian(udp.Span));
        var destination = new IPEndPoint(datagram.Destination, BinaryPrimitives.ReadUInt16BigEndian(udp.Span[2..]));
        var payload = udp[8..];
        var span = payload.Span;
        if (span.StartsWith("HEP3"u8) && HepParser.Parse(payload, out _) is { } hep)
        {
            if (hep.PayloadType == HepPayloadType.Sip)
            {
                _processor.ProcessSip(hep.Payload.ToArray(), hep.CapturedAt, hep.Source, output);
            }
            else if (hep.PayloadType == HepPayloadType.Rtp && hep.Source is { } s && hep.Destination is { } d)
            {
                _processor.ProcessRtp(hep.Payload.Span, s, d, hep.CapturedAt, output);
            }

            return;
        }

        if (LooksLikeSip(span))
        {
            _processor.ProcessSip(payload.ToArray(), at, source, output);
        }
        else if (span.Length >= 12 && span[0] >> 6 == 2)
        {
            _processor.ProcessRtp(span, source, destination, at, output);
        }
    }

    /// <summary>A start line that is a status line or ends with the SIP version.</summary>
    internal static bool LooksLikeSip(ReadOnlySpan<byte> payload)
    {
        if (payload.StartsWith("SIP/2.0 "u8))
        {
            return true;
        }

        var end = payload[..Math.Min(payload.Length, 1024)].IndexOf((byte)'\n');
        if (end < 0)
        {
            return false;
        }

        var line = payload[..end].TrimEnd((byte)'\r');
        return line.EndsWith(" SIP/2.0"u8);
    }

    /// <summary>libpcap's capture time (seconds and microseconds since the epoch).</summary>
    internal static bool TryToTime(PosixTimeval time, out DateTimeOffset at)
    {
        at = default;
        if (time.Seconds > (ulong)DateTimeOffset.MaxValue.ToUnixTimeSeconds() - 1 || time.MicroSeconds >= 1_000_000)
        {
            return false;
        }

        at = DateTimeOffset.FromUnixTimeSeconds((long)time.Seconds).AddTicks((long)time.MicroSeconds * 10);
        return true;
    }
}
