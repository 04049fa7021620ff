using System.Buffers.Binary;

namespace Middleware.Core.Media;

/// <summary>A WAV file's audio as linear PCM, or why it could not be read.</summary>
/// <param name="Error">Null when read; else what is wrong and at which byte offset.</param>
public sealed record WavAudio(short[] Samples, int SampleRate, string Encoding, string? Error = null)
{
    public double Seconds => SampleRate > 0 ? (double)Samples.Length / SampleRate : 0;
}

/// <summary>
/// Reads RIFF/WAVE bytes holding 16-bit PCM, G.711 A-law (format 6) or µ-law (format 7), as sox and
/// flite write them; G.711 is decoded by <see cref="G711"/>. Multi-channel audio keeps the first
/// channel. Never throws: a bad file comes back with <see cref="WavAudio.Error"/>.
/// </summary>
public static class WavReader
{
    public static WavAudio Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 12 || !bytes[..4].SequenceEqual("RIFF"u8) || !bytes.Slice(8, 4).SequenceEqual("WAVE"u8))
        {
            return Fail("not a RIFF/WAVE file (bytes 0-11)");
        }

        int format = 0, channels = 0, rate = 0, bits = 0;
        var offset = 12;
        while (offset + 8 <= bytes.Length)
        {
            var id = bytes.Slice(offset, 4);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(offset + 4)..]);
            var body = offset + 8;
            if (id.SequenceEqual("fmt "u8))
            {
                if (length < 16 || body + 16 > bytes.Length)
                {
                    return Fail($"fmt chunk too short at byte {offset}");
                }

                format = BinaryPrimitives.ReadUInt16LittleEndian(bytes[body..]);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(body + 2)..]);
                rate = BinaryPrimitives.ReadInt32LittleEndian(bytes[(body + 4)..]);
                bits = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(body + 14)..]);
                if (format == 0xFFFE && length >= 40 && body + 26 <= bytes.Length)
                {
                    format = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(body + 24)..]); // WAVE_FORMAT_EXTENSIBLE: the sub-format's first two bytes
                }
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (channels < 1 || rate < 1)
                {
                    return Fail($"data chunk at byte {offset} before a usable fmt chunk");
                }

                var data = bytes.Slice(body, (int)Math.Min(length, (uint)(bytes.Length - body)));
                return Decode(data, format, channels, rate, bits);
            }

            offset = body + (int)Math.Min(length + (length & 1), int.MaxValue - body);
        }

        return Fail("no data chunk");
    }

    public static WavAudio Read(string path)
    {
        try
        {
            var audio = Read(File.ReadAllBytes(path));
            return audio.Error is null ? audio : audio with { Error = $"{path}: {audio.Error}" };
        }
        catch (IOException ex)
        {
            return Fail($"{path}: {ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            return Fail($"{path}: {ex.Message}");
        }
    }

    private static WavAudio Decode(ReadOnlySpan<byte> data, int format, int channels, int rate, int bits)
    {
        switch (format)
        {
            case 1 when bits == 16:
            {
                var frames = data.Length / (2 * channels);
                var samples = new short[frames];
                for (var i = 0; i < frames; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(data[(i * 2 * channels)..]);
                }

                return new WavAudio(samples, rate, "pcm16");
            }

            case 6 or 7 when bits == 8:
            {
                var frames = data.Length / channels;
                var samples = new short[frames];
                for (var i = 0; i < frames; i++)
                {
                    samples[i] = format == 6 ? G711.ALawToLinear(data[i * channels]) : G711.MuLawToLinear(data[i * channels]);
                }

                return new WavAudio(samples, rate, format == 6 ? "alaw" : "ulaw");
            }

            default:
                return Fail($"unsupported WAV encoding: format {format}, {bits} bits (16-bit PCM, A-law and µ-law are read)");
        }
    }

    private static WavAudio Fail(string error) => new([], 0, "", error);
}
