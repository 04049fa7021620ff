namespace Middleware.Enrichment.Asr;

/// <summary>
/// One speaker's running prosody in one call (Welford's mean and variance of energy, pitch and
/// rate over their earlier segments): a segment is set against this baseline, not against other
/// people's voices, so a naturally loud or high voice does not read as agitated. The first segment
/// is the baseline, z = 0.
/// </summary>
public sealed class SpeakerBaseline
{
    private readonly Running _energy = new(3);
    private readonly Running _pitch = new(15);
    private readonly Running _rate = new(0.5);

    public VoiceFeatures Score(Speaker speaker, double start, double end, VoiceMeasures m, double talkOver)
    {
        var features = new VoiceFeatures(speaker, start, end,
            Math.Round(_energy.Z(m.RmsDb), 2), m.PitchMeanHz is { } p ? Math.Round(_pitch.Z(p), 2) : 0, Math.Round(_rate.Z(m.SyllablesPerSecond), 2),
            Math.Round(m.RmsDb, 1), Round(m.PitchMeanHz), Round(m.PitchRangeHz), Round(m.PitchVariance), Math.Round(m.SyllablesPerSecond, 2), m.PauseSeconds, m.Pauses, Math.Round(talkOver, 2));
        _energy.Add(m.RmsDb);
        if (m.PitchMeanHz is { } pitch)
        {
            _pitch.Add(pitch);
        }

        _rate.Add(m.SyllablesPerSecond);
        return features;
    }

    private static double? Round(double? v) => v is { } x ? Math.Round(x, 1) : null;

    /// <param name="minimumSpread">A floor on the standard deviation, so two near-equal segments do not make a tiny difference look huge.</param>
    private sealed class Running(double minimumSpread)
    {
        private int _n;
        private double _mean;
        private double _m2;

        public void Add(double x)
        {
            _n++;
            var d = x - _mean;
            _mean += d / _n;
            _m2 += d * (x - _mean);
        }

        public double Z(double x)
        {
            if (_n == 0)
            {
                return 0;
            }

            var sd = _n > 1 ? Math.Sqrt(_m2 / (_n - 1)) : 0;
            return (x - _mean) / Math.Max(sd, minimumSpread);
        }
    }
}
