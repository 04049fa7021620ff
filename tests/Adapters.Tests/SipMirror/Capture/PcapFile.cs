using System.Buffers.Binary;

namespace Middleware.Adapters.Tests.SipMirror.Capture;

/// <summary>Writes a classic libpcap file (microsecond timestamps) frame by frame.</summary>
internal sealed class PcapFile(string path, uint linkType) : IDisposable
{
    public const uint Ethernet = 1;
    public const uint LinuxCooked = 113;

    private readonly FileStream _file = Create(path, linkType);

    public string Path { get; } = path;

    public void Write(DateTimeOffset at, byte[] frame)
    {
        Span<byte> header = stackalloc byte[16];
        var micros = (at - DateTimeOffset.UnixEpoch).Ticks / 10;
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)(micros / 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)(micros % 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], (uint)frame.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], (uint)frame.Length);
        _file.Write(header);
        _file.Write(frame);
    }

    public void Dispose() => _file.Dispose();

    private static FileStream Create(string path, uint linkType)
    {
        var file = File.Create(path);
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xA1B2C3D4);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 65535);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], linkType);
        file.Write(header);
        return file;
    }
}
