using NWaves.Filters.Base;
using NWaves.Filters.Fda;

namespace Middleware.Enrichment.Asr;

/// <summary>
/// Integer-factor resampling of a stream (8 kHz telephone audio → the 16 kHz the wideband models
/// were trained on): zero-stuff by the factor, then an NWaves windowed-sinc low-pass run online, so
/// the filter's state carries over from one RTP chunk to the next and chunk edges make no clicks.
/// </summary>
public sealed class Upsampler
{
    private const int Taps = 63; // odd: a symmetric kernel with a whole-sample delay of 31
    private readonly int _factor;
    private readonly FirFilter? _filter;

    public Upsampler(int fromRate, int toRate)
    {
        if (toRate % fromRate != 0)
        {
            throw new ArgumentException($"cannot resample {fromRate} Hz to {toRate} Hz: only integer factors up are supported");
        }

        _factor = toRate / fromRate;
        if (_factor > 1)
        {
            // Cut at the old Nyquist (0.5/factor of the new rate), a little below to leave a transition band.
            var kernel = DesignFilter.FirWinLp(Taps, 0.45 / _factor);
            _filter = new FirFilter(kernel.Select(k => k * _factor)); // gain restores the level zero-stuffing divided
        }
    }

    public int Factor => _factor;

    /// <summary>Writes <c>input.Length × Factor</c> samples to <paramref name="output"/>.</summary>
    public void Process(ReadOnlySpan<short> input, Span<short> output)
    {
        if (_filter is null)
        {
            input.CopyTo(output);
            return;
        }

        var o = 0;
        foreach (var s in input)
        {
            output[o++] = Clip(_filter.Process(s));
            for (var k = 1; k < _factor; k++)
            {
                output[o++] = Clip(_filter.Process(0));
            }
        }
    }

    public short[] Process(ReadOnlySpan<short> input)
    {
        var output = new short[input.Length * _factor];
        Process(input, output);
        return output;
    }

    private static short Clip(float v) => (short)Math.Clamp(MathF.Round(v), short.MinValue, short.MaxValue);
}
