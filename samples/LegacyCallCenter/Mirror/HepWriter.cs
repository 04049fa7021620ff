using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

using Middleware.Adapters.SipMirror.Hep;

namespace Middleware.Samples.Mirror;

/// <summary>
/// Encodes HEP3 packets (the chunk layout <see cref="HepParser"/> reads): what a proxy or SBC sends,
/// for the sample call generator and the tests. The middleware itself only reads HEP.
/// </summary>
public static class HepWriter
{
    public static byte[] Write(HepPacket packet)
    {
        var chunks = new List<byte[]>();
        var v6 = packet.SourceAddress?.AddressFamily == AddressFamily.InterNetworkV6;
        chunks.Add(Chunk(HepChunkType.IpFamily, [(byte)(v6 ? 10 : 2)]));
        chunks.Add(Chunk(HepChunkType.IpProtocol, [packet.IpProtocol == 0 ? (byte)17 : packet.IpProtocol]));
        if (packet.SourceAddress is { } source)
        {
            chunks.Add(Chunk(v6 ? HepChunkType.Ipv6Source : HepChunkType.Ipv4Source, source.GetAddressBytes()));
        }

        if (packet.DestinationAddress is { } destination)
        {
            chunks.Add(Chunk(v6 ? HepChunkType.Ipv6Destination : HepChunkType.Ipv4Destination, destination.GetAddressBytes()));
        }

        chunks.Add(Chunk(HepChunkType.SourcePort, U16(packet.SourcePort)));
        chunks.Add(Chunk(HepChunkType.DestinationPort, U16(packet.DestinationPort)));
        var micros = packet.CapturedAt.ToUnixTimeMilliseconds() * 1000 + packet.CapturedAt.Ticks / 10 % 1000;
        chunks.Add(Chunk(HepChunkType.TimestampSeconds, U32((uint)(micros / 1_000_000))));
        chunks.Add(Chunk(HepChunkType.TimestampMicroseconds, U32((uint)(micros % 1_000_000))));
        chunks.Add(Chunk(HepChunkType.ProtocolType, [(byte)packet.PayloadType]));
        chunks.Add(Chunk(HepChunkType.CaptureAgentId, U32(packet.CaptureAgentId ?? 0)));
        if (packet.AuthKey is { } key)
        {
            chunks.Add(Chunk(HepChunkType.AuthKey, Encoding.UTF8.GetBytes(key)));
        }

        if (packet.CorrelationId is { } correlation)
        {
            chunks.Add(Chunk(HepChunkType.CorrelationId, Encoding.UTF8.GetBytes(correlation)));
        }

        chunks.Add(Chunk(HepChunkType.Payload, packet.Payload.ToArray()));
        var total = 6 + chunks.Sum(c => c.Length);
        if (total > ushort.MaxValue)
        {
            throw new ArgumentException($"a HEP3 packet holds at most 65535 bytes; this one needs {total}", nameof(packet));
        }

        var result = new byte[total];
        "HEP3"u8.CopyTo(result);
        BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(4), (ushort)total);
        var offset = 6;
        foreach (var chunk in chunks)
        {
            chunk.CopyTo(result, offset);
            offset += chunk.Length;
        }

        return result;
    }

    private static byte[] Chunk(HepChunkType type, byte[] value)
    {
        var chunk = new byte[6 + value.Length];
        BinaryPrimitives.WriteUInt16BigEndian(chunk, 0);
        BinaryPrimitives.WriteUInt16BigEndian(chunk.AsSpan(2), (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(chunk.AsSpan(4), (ushort)chunk.Length);
        value.CopyTo(chunk, 6);
        return chunk;
    }

    private static byte[] U16(ushort v) => [(byte)(v >> 8), (byte)v];

    private static byte[] U32(uint v) => [(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v];
}
