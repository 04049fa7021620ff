using System.Buffers.Binary;

namespace Middleware.Samples.Mirror;

/// <summary>Encodes an RTP packet (RFC 3550 §5.1: version 2, no padding, extension or CSRCs): what a phone or a media relay sends, for the sample SBC and the tests.</summary>
public static class RtpWriter
{
    public static byte[] Write(byte payloadType, ushort sequence, uint timestamp, uint ssrc, ReadOnlySpan<byte> payload, bool marker = false)
    {
        var rtp = new byte[12 + payload.Length];
        rtp[0] = 0x80;
        rtp[1] = (byte)((marker ? 0x80 : 0) | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(rtp.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(rtp.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(rtp.AsSpan(8), ssrc);
        payload.CopyTo(rtp.AsSpan(12));
        return rtp;
    }
}
