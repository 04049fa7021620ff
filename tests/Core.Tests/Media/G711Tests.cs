using Middleware.Core.Media;

namespace Middleware.Core.Tests.Media;

public class G711Tests
{
    [Fact]
    public void Every_mu_law_code_survives_decode_then_encode()
    {
        for (var code = 0; code < 256; code++)
        {
            var linear = G711.MuLawToLinear((byte)code);
            var again = G711.LinearToMuLaw(linear);

            // 0x7F and 0xFF both decode to 0 (positive and negative zero); the encoder picks the positive one.
            Assert.Equal(G711.MuLawToLinear((byte)code), G711.MuLawToLinear(again));
        }
    }

    [Fact]
    public void Every_a_law_code_survives_decode_then_encode()
    {
        for (var code = 0; code < 256; code++)
        {
            Assert.Equal((byte)code, G711.LinearToALaw(G711.ALawToLinear((byte)code)));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    [InlineData(-1000)]
    [InlineData(12345)]
    [InlineData(-32768)]
    [InlineData(32767)]
    public void Encoding_error_stays_within_the_segment_step(short sample)
    {
        // G.711 keeps 4 mantissa bits per segment: the error is at most half a step of that segment (≤ 1/32 relative, plus the bias near zero).
        var mu = G711.MuLawToLinear(G711.LinearToMuLaw(sample));
        var a = G711.ALawToLinear(G711.LinearToALaw(sample));
        var limit = Math.Max(Math.Abs((int)sample) / 16.0, 36);
        Assert.InRange(mu, sample - limit, sample + limit);
        Assert.InRange(a, sample - limit, sample + limit);
    }

    [Fact]
    public void Span_encoders_match_the_scalar_ones()
    {
        short[] pcm = [-32768, -100, 0, 100, 32767];
        var mu = new byte[pcm.Length];
        var a = new byte[pcm.Length];
        G711.EncodeMuLaw(pcm, mu);
        G711.EncodeALaw(pcm, a);
        Assert.Equal(pcm.Select(G711.LinearToMuLaw), mu);
        Assert.Equal(pcm.Select(G711.LinearToALaw), a);
    }
}
