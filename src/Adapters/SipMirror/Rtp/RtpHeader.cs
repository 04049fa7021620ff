using System.Buffers.Binary;

namespace Middleware.Adapters.SipMirror.Rtp;

/// <summary>The fixed RTP header (RFC 3550 §5.1) and where the payload sits after CSRCs, extension and padding.</summary>
public readonly record struct RtpHeader(byte PayloadType, bool Marker, ushort Sequence, uint Timestamp, uint Ssrc, int PayloadOffset, int PayloadLength)
{
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtpHeader header)
    {
        header = default;
        if (packet.Length < 12 || packet[0] >> 6 != 2)
        {
            return false;
        }

        var csrcCount = packet[0] & 0x0F;
        var offset = 12 + 4 * csrcCount;
        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length < offset + 4)
            {
                return false;
            }

            offset += 4 + 4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]);
        }

        var end = packet.Length;
        if ((packet[0] & 0x20) != 0 && end > 0)
        {
            end -= packet[^1];
        }

        if (offset > end)
        {
            return false;
        }

        var payloadType = (byte)(packet[1] & 0x7F);
        if (payloadType is >= 72 and <= 76)
        {
            return false; // RTCP SR/RR/SDES/BYE/APP multiplexed on the same port (RFC 5761)
        }

        header = new RtpHeader(
            payloadType,
            (packet[1] & 0x80) != 0,
            BinaryPrimitives.ReadUInt16BigEndian(packet[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[8..]),
            offset,
            end - offset);
        return true;
    }
}
