using System.Buffers.Binary;

namespace Middleware.Adapters.SipMirror.Capture;

/// <summary>
/// Reads IPv4 and IPv6 headers (skipping IPv6 extension headers) and reassembles fragmented
/// datagrams — a SIP INVITE with a large SDP over UDP often is one. Incomplete datagrams are
/// dropped after a timeout; sizes are capped so garbage cannot make it hoard memory.
/// </summary>
public sealed class IpReassembler(TimeSpan? timeout = null)
{
    private const int MaxDatagram = 65535;
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromSeconds(30);
    private readonly Dictionary<(IPAddress, IPAddress, uint, byte), Pending> _pending = [];

    public long Reassembled { get; private set; }

    public long Malformed { get; private set; }

    public long Expired { get; private set; }

    /// <summary>The datagram this packet completes (or is, when unfragmented); false while fragments are missing or it is not IP.</summary>
    public bool TryAdd(ReadOnlySpan<byte> ip, DateTimeOffset at, out IpDatagram datagram)
    {
        datagram = default;
        if (ip.IsEmpty)
        {
            return false;
        }

        return (ip[0] >> 4) switch
        {
            4 => V4(ip, at, out datagram),
            6 => V6(ip, at, out datagram),
            _ => Bad(),
        };
    }

    /// <summary>Drops fragment sets that never completed.</summary>
    public void Expire(DateTimeOffset now)
    {
        foreach (var (key, pending) in _pending.Where(p => now - p.Value.FirstSeen > _timeout).ToList())
        {
            _pending.Remove(key);
            Expired++;
        }
    }

    private bool V4(ReadOnlySpan<byte> ip, DateTimeOffset at, out IpDatagram datagram)
    {
        datagram = default;
        if (ip.Length < 20)
        {
            return Bad();
        }

        var headerLength = (ip[0] & 0x0F) * 4;
        int total = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
        if (headerLength < 20 || total < headerLength || total > ip.Length)
        {
            return Bad();
        }

        var id = BinaryPrimitives.ReadUInt16BigEndian(ip[4..]);
        var flags = BinaryPrimitives.ReadUInt16BigEndian(ip[6..]);
        var more = (flags & 0x2000) != 0;
        var offset = (flags & 0x1FFF) * 8;
        var protocol = ip[9];
        var source = new IPAddress(ip.Slice(12, 4));
        var destination = new IPAddress(ip.Slice(16, 4));
        var payload = ip[headerLength..total];
        return Fragment(source, destination, id, protocol, offset, more, payload, at, out datagram);
    }

    private bool V6(ReadOnlySpan<byte> ip, DateTimeOffset at, out IpDatagram datagram)
    {
        datagram = default;
        if (ip.Length < 40)
        {
            return Bad();
        }

        int payloadLength = BinaryPrimitives.ReadUInt16BigEndian(ip[4..]);
        if (40 + payloadLength > ip.Length)
        {
            return Bad();
        }

        var source = new IPAddress(ip.Slice(8, 16));
        var destination = new IPAddress(ip.Slice(24, 16));
        var next = ip[6];
        var rest = ip.Slice(40, payloadLength);
        int offset = 0;
        var more = false;
        uint id = 0;
        var fragmented = false;
        while (next is 0 or 43 or 44 or 60)
        {
            if (rest.Length < 8)
            {
                return Bad();
            }

            if (next == 44)
            {
                var field = BinaryPrimitives.ReadUInt16BigEndian(rest[2..]);
                offset = field & 0xFFF8;
                more = (field & 1) != 0;
                id = BinaryPrimitives.ReadUInt32BigEndian(rest[4..]);
                fragmented = true;
                next = rest[0];
                rest = rest[8..];
                continue;
            }

            var length = (rest[1] + 1) * 8;
            if (length > rest.Length)
            {
                return Bad();
            }

            next = rest[0];
            rest = rest[length..];
        }

        return fragmented
            ? Fragment(source, destination, id, next, offset, more, rest, at, out datagram)
            : Whole(new IpDatagram(next, source, destination, rest.ToArray()), out datagram);
    }

    private bool Fragment(IPAddress source, IPAddress destination, uint id, byte protocol, int offset, bool more, ReadOnlySpan<byte> payload, DateTimeOffset at, out IpDatagram datagram)
    {
        datagram = default;
        if (offset == 0 && !more)
        {
            return Whole(new IpDatagram(protocol, source, destination, payload.ToArray()), out datagram);
        }

        if (offset + payload.Length > MaxDatagram)
        {
            return Bad();
        }

        var key = (source, destination, id, protocol);
        if (!_pending.TryGetValue(key, out var pending))
        {
            pending = new Pending(at);
            _pending[key] = pending;
        }

        payload.CopyTo(pending.Buffer.AsSpan(offset));
        pending.Add(offset, payload.Length);
        if (!more)
        {
            pending.Total = offset + payload.Length;
        }

        if (pending.Total is not { } total || !pending.Covers(total))
        {
            return false;
        }

        _pending.Remove(key);
        Reassembled++;
        datagram = new IpDatagram(protocol, source, destination, pending.Buffer.AsMemory(0, total));
        return true;
    }

    private static bool Whole(IpDatagram value, out IpDatagram datagram)
    {
        datagram = value;
        return true;
    }

    private bool Bad()
    {
        Malformed++;
        return false;
    }

    private sealed class Pending(DateTimeOffset firstSeen)
    {
        private readonly List<(int Start, int End)> _ranges = [];

        public DateTimeOffset FirstSeen { get; } = firstSeen;

        public byte[] Buffer { get; } = new byte[MaxDatagram];

        public int? Total { get; set; }

        public void Add(int start, int length) => _ranges.Add((start, start + length));

        /// <summary>Whether the fragments received cover [0, total) with no hole (duplicates and overlaps allowed).</summary>
        public bool Covers(int total)
        {
            var reached = 0;
            foreach (var (start, end) in _ranges.OrderBy(r => r.Start))
            {
                if (start > reached)
                {
                    return false;
                }

                reached = Math.Max(reached, end);
            }

            return reached >= total;
        }
    }
}
