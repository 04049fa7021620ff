using System.Buffers.Binary;
using System.Net;
using System.Text;
using Middleware.Adapters.SipMirror.Hep;
using Middleware.Samples.Mirror;

namespace Middleware.Adapters.Tests.SipMirror.Hep;

public sealed class HepParserTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-11-26T09:30:01.123456Z");

    private static HepPacket Sample(string source = "10.0.0.9", string destination = "10.0.0.5") => new()
    {
        IpProtocol = 17,
        SourceAddress = IPAddress.Parse(source),
        DestinationAddress = IPAddress.Parse(destination),
        SourcePort = 5060,
        DestinationPort = 5070,
        CapturedAt = At,
        PayloadType = HepPayloadType.Sip,
        CaptureAgentId = 2001,
        AuthKey = "s3cret",
        CorrelationId = "call-1@h",
        Payload = Encoding.ASCII.GetBytes("OPTIONS sip:a@b SIP/2.0\r\n\r\n"),
    };

    [Fact]
    public void Every_chunk_written_reads_back()
    {
        var parsed = HepParser.Parse(HepWriter.Write(Sample()), out var error)!;

        Assert.Null(error);
        Assert.Equal((3, (byte)2, (byte)17), (parsed.Version, parsed.IpFamily, parsed.IpProtocol));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.0.0.9"), 5060), parsed.Source);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.0.0.5"), 5070), parsed.Destination);
        Assert.Equal(At, parsed.CapturedAt);
        Assert.Equal((HepPayloadType.Sip, (uint?)2001, "s3cret", "call-1@h"), (parsed.PayloadType, parsed.CaptureAgentId, parsed.AuthKey, parsed.CorrelationId));
        Assert.Equal("OPTIONS sip:a@b SIP/2.0\r\n\r\n", Encoding.ASCII.GetString(parsed.Payload.Span));
    }

    [Fact]
    public void Ipv6_addresses_read_back()
    {
        var parsed = HepParser.Parse(HepWriter.Write(Sample("2001:db8::9", "2001:db8::5")), out _)!;

        Assert.Equal((byte)10, parsed.IpFamily);
        Assert.Equal(IPAddress.Parse("2001:db8::9"), parsed.SourceAddress);
    }

    [Fact]
    public void Every_truncated_prefix_is_rejected_with_a_reason_never_an_exception()
    {
        var bytes = HepWriter.Write(Sample());
        for (var length = 0; length < bytes.Length; length++)
        {
            var copy = bytes[..length];
            if (length >= 6)
            {
                BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(4), (ushort)length); // a sender that cut the packet and its length
            }

            Assert.Null(HepParser.Parse(copy, out var error));
            Assert.False(string.IsNullOrEmpty(error?.Message));
        }
    }

    [Theory]
    [InlineData(4, 0xFFFF, "does not fit", HepProblem.LengthMismatch)] // total length beyond the datagram
    [InlineData(10, 0xFFFF, "claims 65535 byte(s)", HepProblem.ChunkLength)] // first chunk's length lies
    [InlineData(10, 3, "claims 3 byte(s)", HepProblem.ChunkLength)] // a chunk shorter than its own header
    public void Lying_length_fields_are_rejected(int offset, int value, string reason, HepProblem problem)
    {
        var bytes = HepWriter.Write(Sample());
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(offset), (ushort)value);

        Assert.Null(HepParser.Parse(bytes, out var error));
        Assert.Contains(reason, error!.Message);
        Assert.Equal(problem, error.Problem);
    }

    [Fact]
    public void Vendor_chunks_are_skipped()
    {
        var bytes = HepWriter.Write(Sample()).ToList();
        byte[] vendor = [0x00, 0x08, 0x00, 0x20, 0x00, 0x09, 0xAA, 0xBB, 0xCC]; // vendor 8, type 0x20, 3 bytes
        bytes.InsertRange(6, vendor);
        var array = bytes.ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(array.AsSpan(4), (ushort)array.Length);

        var parsed = HepParser.Parse(array, out var error);

        Assert.True(parsed is not null, error?.Message);
        Assert.Equal(5060, parsed.SourcePort);
    }

    [Fact]
    public void Hep2_is_accepted()
    {
        var payload = Encoding.ASCII.GetBytes("BYE sip:a@b SIP/2.0\r\n\r\n");
        var bytes = new byte[16 + 12 + payload.Length];
        bytes[0] = 2;
        bytes[1] = 16;
        bytes[2] = 2;
        bytes[3] = 17;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(4), 5060);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(6), 5080);
        IPAddress.Parse("10.1.1.1").GetAddressBytes().CopyTo(bytes, 8);
        IPAddress.Parse("10.1.1.2").GetAddressBytes().CopyTo(bytes, 12);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), (uint)At.ToUnixTimeSeconds());
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(20), 123456);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(24), 7);
        payload.CopyTo(bytes, 28);

        var parsed = HepParser.Parse(bytes, out var error)!;

        Assert.Null(error);
        Assert.Equal((2, (ushort)5080, (uint?)7), (parsed.Version, parsed.DestinationPort, parsed.CaptureAgentId));
        Assert.Equal(At, parsed.CapturedAt);
        Assert.Equal(payload, parsed.Payload.ToArray());
    }

    [Fact]
    public void Random_corruption_never_throws()
    {
        var random = new Random(3);
        var original = HepWriter.Write(Sample());
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = original.ToArray();
            for (var flips = random.Next(1, 8); flips > 0; flips--)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            _ = HepParser.Parse(bytes.AsMemory(0, random.Next(bytes.Length + 1)), out _);
        }
    }
}
