namespace Middleware.Core.Media;

/// <summary>
/// G.711 µ-law and A-law (ITU-T G.711) to and from 16-bit linear PCM. Decoding is a 256-entry
/// table; encoding follows the segment search of the reference encoder (G.191 g711.c), used by the
/// call generator and tests that need telephone audio made from PCM.
/// </summary>
public static class G711
{
    private static readonly short[] MuLaw = BuildMuLaw();
    private static readonly short[] ALaw = BuildALaw();

    public static void DecodeMuLaw(ReadOnlySpan<byte> encoded, Span<short> pcm)
    {
        for (var i = 0; i < encoded.Length; i++)
        {
            pcm[i] = MuLaw[encoded[i]];
        }
    }

    public static void DecodeALaw(ReadOnlySpan<byte> encoded, Span<short> pcm)
    {
        for (var i = 0; i < encoded.Length; i++)
        {
            pcm[i] = ALaw[encoded[i]];
        }
    }

    public static void EncodeMuLaw(ReadOnlySpan<short> pcm, Span<byte> encoded)
    {
        for (var i = 0; i < pcm.Length; i++)
        {
            encoded[i] = LinearToMuLaw(pcm[i]);
        }
    }

    public static void EncodeALaw(ReadOnlySpan<short> pcm, Span<byte> encoded)
    {
        for (var i = 0; i < pcm.Length; i++)
        {
            encoded[i] = LinearToALaw(pcm[i]);
        }
    }

    /// <summary>µ-law: bias 0x84, clip at 32635, 8 segments; the result is inverted (G.711 Table 2a).</summary>
    public static byte LinearToMuLaw(short sample)
    {
        const int bias = 0x84;
        const int clip = 32635;
        int value = sample;
        var sign = (value >> 8) & 0x80;
        if (sign != 0)
        {
            value = -value;
        }

        value = Math.Min(value, clip) + bias;
        var exponent = 7;
        for (var mask = 0x4000; (value & mask) == 0 && exponent > 0; mask >>= 1)
        {
            exponent--;
        }

        var mantissa = (value >> (exponent + 3)) & 0x0F;
        return (byte)~(sign | (exponent << 4) | mantissa);
    }

    /// <summary>A-law: 13-bit magnitude, segment by leading bit, even bits inverted (XOR 0x55, G.711 Table 1a).</summary>
    public static byte LinearToALaw(short sample)
    {
        int value = sample;
        var sign = value >= 0 ? 0x80 : 0x00;
        if (sign == 0)
        {
            value = -value - 1;
        }

        value = Math.Min(value, 32767) >> 3;
        int encoded;
        if (value < 32)
        {
            encoded = value >> 1;
        }
        else
        {
            var segment = 1;
            for (var v = value >> 5; v > 1; v >>= 1)
            {
                segment++;
            }

            encoded = (segment << 4) | ((value >> segment) & 0x0F);
        }

        return (byte)((encoded | sign) ^ 0x55);
    }

    public static short MuLawToLinear(byte value) => MuLaw[value];

    public static short ALawToLinear(byte value) => ALaw[value];

    private static short[] BuildMuLaw()
    {
        var table = new short[256];
        for (var i = 0; i < 256; i++)
        {
            var u = ~i & 0xFF;
            var t = ((u & 0x0F) << 3) + 0x84;
            t <<= (u & 0x70) >> 4;
            table[i] = (short)((u & 0x80) != 0 ? 0x84 - t : t - 0x84);
        }

        return table;
    }

    private static short[] BuildALaw()
    {
        var table = new short[256];
        for (var i = 0; i < 256; i++)
        {
            var a = i ^ 0x55;
            var t = (a & 0x0F) << 4;
            var segment = (a & 0x70) >> 4;
            t = segment switch
            {
                0 => t + 8,
                1 => t + 0x108,
                _ => (t + 0x108) << (segment - 1),
            };
            table[i] = (short)((a & 0x80) != 0 ? t : -t);
        }

        return table;
    }
}
