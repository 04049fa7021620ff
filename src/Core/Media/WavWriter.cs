using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Middleware.Core.Media;

/// <summary>A 16-bit mono PCM WAV file written as audio arrives; the sizes in the header are fixed up on dispose.</summary>
public sealed class WavWriter : IDisposable
{
    private readonly FileStream _file;
    private long _dataBytes;

    public WavWriter(string path, int sampleRate)
    {
        _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        Span<byte> header = stackalloc byte[44];
        "RIFF"u8.CopyTo(header);
        "WAVEfmt "u8.CopyTo(header[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(header[20..], 1); // PCM
        BinaryPrimitives.WriteInt16LittleEndian(header[22..], 1); // mono
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], sampleRate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(header[32..], 2);
        BinaryPrimitives.WriteInt16LittleEndian(header[34..], 16);
        "data"u8.CopyTo(header[36..]);
        _file.Write(header);
        Path = path;
    }

    public string Path { get; }

    public void Write(ReadOnlySpan<short> samples)
    {
        var bytes = MemoryMarshal.AsBytes(samples); // little-endian machines only, as .NET runs on
        _file.Write(bytes);
        _dataBytes += bytes.Length;
    }

    public void Dispose()
    {
        Span<byte> size = stackalloc byte[4];
        _file.Position = 4;
        BinaryPrimitives.WriteInt32LittleEndian(size, (int)Math.Min(int.MaxValue, 36 + _dataBytes));
        _file.Write(size);
        _file.Position = 40;
        BinaryPrimitives.WriteInt32LittleEndian(size, (int)Math.Min(int.MaxValue, _dataBytes));
        _file.Write(size);
        _file.Dispose();
    }

    /// <summary>Reads a 16-bit mono WAV's samples and rate (for tests and tools).</summary>
    public static (short[] Samples, int SampleRate) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var rate = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(24));
        var offset = 12;
        while (offset + 8 <= bytes.Length)
        {
            var id = System.Text.Encoding.ASCII.GetString(bytes, offset, 4);
            var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset + 4));
            if (id == "data")
            {
                var data = bytes.AsSpan(offset + 8, Math.Min(length, bytes.Length - offset - 8));
                return (MemoryMarshal.Cast<byte, short>(data).ToArray(), rate);
            }

            offset += 8 + length + (length & 1);
        }

        throw new InvalidDataException($"{path}: no data chunk");
    }
}
