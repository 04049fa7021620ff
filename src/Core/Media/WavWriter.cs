using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Middleware.Core.Media;

/// <summary>
/// A 16-bit mono PCM WAV written as audio arrives, to a file or any seekable stream (an utterance
/// uploaded to a recognizer server); the sizes in the header are fixed up on dispose.
/// </summary>
public sealed class WavWriter : IDisposable
{
    private readonly Stream _file;
    private readonly bool _leaveOpen;
    private readonly long _start;
    private long _dataBytes;

    public WavWriter(string path, int sampleRate)
        : this(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read), sampleRate, leaveOpen: false) => Path = path;

    /// <param name="stream">Seekable: the RIFF and data sizes are written back at the header's place on dispose.</param>
    public WavWriter(Stream stream, int sampleRate, bool leaveOpen = true)
    {
        if (!stream.CanSeek)
        {
            throw new ArgumentException("a WAV's header sizes are written last: the stream must be seekable", nameof(stream));
        }

        _file = stream;
        _leaveOpen = leaveOpen;
        _start = stream.Position;
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
    }

    /// <summary>The file written; null when writing to a stream.</summary>
    public string? Path { get; }

    /// <summary>One utterance as a whole WAV file's bytes (16-bit mono PCM).</summary>
    public static byte[] Encode(ReadOnlySpan<short> samples, int sampleRate)
    {
        using var buffer = new MemoryStream(44 + samples.Length * 2);
        using (var writer = new WavWriter(buffer, sampleRate))
        {
            writer.Write(samples);
        }

        return buffer.ToArray();
    }

    public void Write(ReadOnlySpan<short> samples)
    {
        var bytes = MemoryMarshal.AsBytes(samples); // little-endian machines only, as .NET runs on
        _file.Write(bytes);
        _dataBytes += bytes.Length;
    }

    public void Dispose()
    {
        Span<byte> size = stackalloc byte[4];
        var end = _file.Position;
        _file.Position = _start + 4;
        BinaryPrimitives.WriteInt32LittleEndian(size, (int)Math.Min(int.MaxValue, 36 + _dataBytes));
        _file.Write(size);
        _file.Position = _start + 40;
        BinaryPrimitives.WriteInt32LittleEndian(size, (int)Math.Min(int.MaxValue, _dataBytes));
        _file.Write(size);
        _file.Position = end;
        if (!_leaveOpen)
        {
            _file.Dispose();
        }
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
