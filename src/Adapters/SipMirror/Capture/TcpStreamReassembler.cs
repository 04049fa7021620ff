using System.Buffers.Binary;
using Middleware.Adapters.SipMirror.Sip;

namespace Middleware.Adapters.SipMirror.Capture;

/// <summary>
/// Puts one direction of each TCP connection back in byte order (retransmissions trimmed,
/// out-of-order segments held until the hole fills) and cuts SIP messages off it.
/// </summary>
public sealed class TcpStreamReassembler
{
    private const int MaxHeldBytes = 1024 * 1024;
    private readonly Dictionary<(IPEndPoint, IPEndPoint), Flow> _flows = [];

    public long Retransmissions { get; private set; }

    public long Gaps { get; private set; }

    public long FramingErrors { get; private set; }

    /// <summary>Takes a TCP segment (header and payload); every SIP message it completes is added to <paramref name="messages"/>.</summary>
    public void Add(IPAddress source, IPAddress destination, ReadOnlySpan<byte> segment, List<(ReadOnlyMemory<byte> Message, IPEndPoint From, IPEndPoint To)> messages)
    {
        if (segment.Length < 20)
        {
            return;
        }

        var from = new IPEndPoint(source, BinaryPrimitives.ReadUInt16BigEndian(segment));
        var to = new IPEndPoint(destination, BinaryPrimitives.ReadUInt16BigEndian(segment[2..]));
        var seq = BinaryPrimitives.ReadUInt32BigEndian(segment[4..]);
        var dataOffset = (segment[12] >> 4) * 4;
        var flags = segment[13];
        if (dataOffset < 20 || dataOffset > segment.Length)
        {
            return;
        }

        var key = (from, to);
        if ((flags & 0x04) != 0)
        {
            _flows.Remove(key); // RST
            return;
        }

        if (!_flows.TryGetValue(key, out var flow))
        {
            flow = new Flow { Next = (flags & 0x02) != 0 ? seq + 1 : seq };
            _flows[key] = flow;
        }

        var payload = segment[dataOffset..];
        if ((flags & 0x02) != 0 || payload.IsEmpty)
        {
            if ((flags & 0x01) != 0)
            {
                _flows.Remove(key); // FIN
            }

            return;
        }

        var relative = (int)(seq - flow.Next); // wraps correctly
        if (relative < 0)
        {
            if (-relative >= payload.Length)
            {
                Retransmissions++;
                return;
            }

            Retransmissions++;
            payload = payload[-relative..];
            relative = 0;
        }

        if (relative > 0)
        {
            if (flow.HeldBytes + payload.Length > MaxHeldBytes)
            {
                // The hole will not fill (a capture drop): give up on it and go on from the held data.
                Gaps++;
                flow.Held.Clear();
                flow.HeldBytes = 0;
                flow.Buffer.Clear();
                flow.Next = seq;
            }
            else
            {
                flow.Held.TryAdd(seq, payload.ToArray());
                flow.HeldBytes += payload.Length;
                return;
            }
        }

        Append(flow, payload);
        while (flow.Held.Count > 0)
        {
            var progressed = false;
            foreach (var (heldSeq, bytes) in flow.Held)
            {
                var offset = (int)(flow.Next - heldSeq);
                if (offset < 0)
                {
                    continue;
                }

                flow.Held.Remove(heldSeq);
                flow.HeldBytes -= bytes.Length;
                if (offset < bytes.Length)
                {
                    Append(flow, bytes.AsSpan(offset));
                }

                progressed = true;
                break;
            }

            if (!progressed)
            {
                break;
            }
        }

        Frame(flow, from, to, messages);
    }

    private static void Append(Flow flow, ReadOnlySpan<byte> bytes)
    {
        flow.Buffer.AddRange(bytes);
        flow.Next += (uint)bytes.Length;
    }

    private void Frame(Flow flow, IPEndPoint from, IPEndPoint to, List<(ReadOnlyMemory<byte>, IPEndPoint, IPEndPoint)> messages)
    {
        var array = flow.Buffer.ToArray();
        var buffer = new ReadOnlySequence<byte>(array);
        while (true)
        {
            var found = SipStreamFramer.TryRead(ref buffer, out var message, out var error);
            if (error is not null)
            {
                FramingErrors++;
                continue;
            }

            if (!found)
            {
                break;
            }

            messages.Add((message.ToArray(), from, to));
        }

        var consumed = array.Length - (int)buffer.Length;
        flow.Buffer.RemoveRange(0, consumed);
    }

    private sealed class Flow
    {
        public uint Next { get; set; }

        public List<byte> Buffer { get; } = [];

        public Dictionary<uint, byte[]> Held { get; } = [];

        public int HeldBytes { get; set; }
    }
}
