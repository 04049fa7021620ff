using System.Buffers.Binary;

namespace Middleware.Adapters.SipMirror.Hep;

/// <summary>
/// HEP3 (chunked, big-endian) and HEP1/HEP2 (fixed header) packets from bytes. Every length is
/// checked against what is really there: a truncated packet or a lying length is an error with
/// the offset, never an exception. Vendor chunks (vendor id ≠ 0) are skipped.
/// </summary>
public static class HepParser
{
    public static HepPacket? Parse(ReadOnlyMemory<byte> bytes, out HepParseError? error)
    {
        var span = bytes.Span;
        if (span.Length >= 4 && span[..4].SequenceEqual("HEP3"u8))
        {
            return ParseHep3(bytes, out error);
        }

        if (span.Length >= 1 && span[0] is 1 or 2)
        {
            return ParseHep2(bytes, out error);
        }

        error = span.Length == 0 ? new(HepProblem.Empty, "empty packet") : new(HepProblem.NotHep, $"not HEP (starts with 0x{span[0]:x2})");
        return null;
    }

    private static HepPacket? ParseHep3(ReadOnlyMemory<byte> bytes, out HepParseError? error)
    {
        var span = bytes.Span;
        if (span.Length < 6)
        {
            error = new(HepProblem.HeaderTruncated, "HEP3 header truncated");
            return null;
        }

        int total = BinaryPrimitives.ReadUInt16BigEndian(span[4..]);
        if (total < 6 || total > span.Length)
        {
            error = new(HepProblem.LengthMismatch, $"HEP3 length field {total} does not fit the {span.Length} byte(s) received");
            return null;
        }

        var packet = new HepPacket();
        uint seconds = 0, micros = 0;
        var hasPayload = false;
        var offset = 6;
        while (offset < total)
        {
            if (total - offset < 6)
            {
                error = new(HepProblem.ChunkTruncated, $"chunk header truncated at byte {offset}");
                return null;
            }

            var vendor = BinaryPrimitives.ReadUInt16BigEndian(span[offset..]);
            var type = (HepChunkType)BinaryPrimitives.ReadUInt16BigEndian(span[(offset + 2)..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(span[(offset + 4)..]);
            if (length < 6 || offset + length > total)
            {
                error = new(HepProblem.ChunkLength, $"chunk 0x{(ushort)type:x4} at byte {offset} claims {length} byte(s); {total - offset} remain");
                return null;
            }

            var value = span.Slice(offset + 6, length - 6);
            if (vendor == 0)
            {
                var problem = Apply(ref packet, type, value, bytes.Slice(offset + 6, length - 6), ref seconds, ref micros, ref hasPayload);
                if (problem is not null)
                {
                    error = new(type == HepChunkType.CompressedPayload ? HepProblem.CompressedPayload : HepProblem.ChunkValue, $"chunk 0x{(ushort)type:x4} at byte {offset}: {problem}");
                    return null;
                }
            }

            offset += length;
        }

        if (!hasPayload)
        {
            error = new(HepProblem.NoPayload, "HEP3 packet has no payload chunk");
            return null;
        }

        error = null;
        return packet with { Version = 3, CapturedAt = DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(micros * 10L) };
    }

    private static string? Apply(ref HepPacket packet, HepChunkType type, ReadOnlySpan<byte> value, ReadOnlyMemory<byte> memory, ref uint seconds, ref uint micros, ref bool hasPayload)
    {
        static string Size(int expected, int actual) => $"expected {expected} byte(s), found {actual}";
        switch (type)
        {
            case HepChunkType.IpFamily:
                if (value.Length != 1) return Size(1, value.Length);
                packet = packet with { IpFamily = value[0] };
                break;
            case HepChunkType.IpProtocol:
                if (value.Length != 1) return Size(1, value.Length);
                packet = packet with { IpProtocol = value[0] };
                break;
            case HepChunkType.Ipv4Source or HepChunkType.Ipv4Destination:
                if (value.Length != 4) return Size(4, value.Length);
                packet = type == HepChunkType.Ipv4Source ? packet with { SourceAddress = new IPAddress(value) } : packet with { DestinationAddress = new IPAddress(value) };
                break;
            case HepChunkType.Ipv6Source or HepChunkType.Ipv6Destination:
                if (value.Length != 16) return Size(16, value.Length);
                packet = type == HepChunkType.Ipv6Source ? packet with { SourceAddress = new IPAddress(value) } : packet with { DestinationAddress = new IPAddress(value) };
                break;
            case HepChunkType.SourcePort or HepChunkType.DestinationPort:
                if (value.Length != 2) return Size(2, value.Length);
                var port = BinaryPrimitives.ReadUInt16BigEndian(value);
                packet = type == HepChunkType.SourcePort ? packet with { SourcePort = port } : packet with { DestinationPort = port };
                break;
            case HepChunkType.TimestampSeconds:
                if (value.Length != 4) return Size(4, value.Length);
                seconds = BinaryPrimitives.ReadUInt32BigEndian(value);
                break;
            case HepChunkType.TimestampMicroseconds:
                if (value.Length != 4) return Size(4, value.Length);
                micros = BinaryPrimitives.ReadUInt32BigEndian(value);
                if (micros >= 1_000_000) return $"microseconds {micros} out of range";
                break;
            case HepChunkType.ProtocolType:
                if (value.Length != 1) return Size(1, value.Length);
                packet = packet with { PayloadType = (HepPayloadType)value[0] };
                break;
            case HepChunkType.CaptureAgentId:
                // 4 bytes in HEP3; some agents send 2.
                if (value.Length is not (2 or 4)) return Size(4, value.Length);
                packet = packet with { CaptureAgentId = value.Length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(value) : BinaryPrimitives.ReadUInt16BigEndian(value) };
                break;
            case HepChunkType.AuthKey:
                packet = packet with { AuthKey = Text(value) };
                break;
            case HepChunkType.CorrelationId:
                packet = packet with { CorrelationId = Text(value) };
                break;
            case HepChunkType.CaptureNodeName:
                packet = packet with { NodeName = Text(value) };
                break;
            case HepChunkType.Payload:
                packet = packet with { Payload = memory };
                hasPayload = true;
                break;
            case HepChunkType.CompressedPayload:
                return "compressed payloads are not supported (configure the agent to send plain payloads)";
        }

        return null;
    }

    private static string Text(ReadOnlySpan<byte> value) => Encoding.UTF8.GetString(value.TrimEnd((byte)0));

    /// <summary>
    /// HEP1/HEP2: version, header length, family, protocol, ports, addresses (v4 or v6), and for
    /// HEP2 a timestamp header (seconds, microseconds, capture id; little-endian as the agents write
    /// it, padded to 12 bytes), then the payload.
    /// </summary>
    private static HepPacket? ParseHep2(ReadOnlyMemory<byte> bytes, out HepParseError? error)
    {
        var span = bytes.Span;
        if (span.Length < 8)
        {
            error = new(HepProblem.HeaderTruncated, "HEP2 header truncated");
            return null;
        }

        var version = span[0];
        int headerLength = span[1];
        var family = span[2];
        var addressLength = family switch { 2 => 4, 10 => 16, _ => 0 };
        if (addressLength == 0)
        {
            error = new(HepProblem.AddressFamily, $"HEP{version} address family {family} is neither IPv4 (2) nor IPv6 (10)");
            return null;
        }

        if (headerLength != 8 + 2 * addressLength || span.Length < headerLength)
        {
            error = new(HepProblem.LengthMismatch, $"HEP{version} header length {headerLength} does not match family {family} or the {span.Length} byte(s) received");
            return null;
        }

        var offset = headerLength;
        var capturedAt = DateTimeOffset.UnixEpoch;
        uint? captureId = null;
        if (version == 2)
        {
            if (span.Length < offset + 12)
            {
                error = new(HepProblem.HeaderTruncated, "HEP2 timestamp header truncated");
                return null;
            }

            var seconds = BinaryPrimitives.ReadUInt32LittleEndian(span[offset..]);
            var micros = BinaryPrimitives.ReadUInt32LittleEndian(span[(offset + 4)..]);
            captureId = BinaryPrimitives.ReadUInt16LittleEndian(span[(offset + 8)..]);
            capturedAt = DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(Math.Min(micros, 999_999u) * 10L);
            offset += 12;
        }

        error = null;
        return new HepPacket
        {
            Version = version,
            IpFamily = family,
            IpProtocol = span[3],
            SourcePort = BinaryPrimitives.ReadUInt16BigEndian(span[4..]),
            DestinationPort = BinaryPrimitives.ReadUInt16BigEndian(span[6..]),
            SourceAddress = new IPAddress(span.Slice(8, addressLength)),
            DestinationAddress = new IPAddress(span.Slice(8 + addressLength, addressLength)),
            CapturedAt = capturedAt,
            CaptureAgentId = captureId,
            PayloadType = HepPayloadType.Sip, // HEP1/2 carried SIP only
            Payload = bytes[offset..],
        };
    }
}
