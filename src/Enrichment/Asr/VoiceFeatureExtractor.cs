using NWaves.Features;

namespace Middleware.Enrichment.Asr;

/// <summary>What one utterance's audio measures, before it is set against the speaker's baseline.</summary>
public sealed record VoiceMeasures(double RmsDb, double? PitchMeanHz, double? PitchRangeHz, double? PitchVariance, double SyllablesPerSecond, double PauseSeconds, int Pauses);

/// <summary>
/// Prosody of one utterance from its telephone audio: energy of the voiced frames, pitch by YIN
/// (de Cheveigné and Kawahara 2002, via NWaves) over 40 ms windows every 10 ms within 60-400 Hz,
/// speaking rate as syllable nuclei (peaks of the smoothed energy envelope at least 100 ms apart,
/// within 12 dB of the loudest, the usual "de Jong and Wempe 2009" reading without Praat), and the
/// pauses inside it.
/// </summary>
public static class VoiceFeatureExtractor
{
    private const double MinPauseSeconds = 0.15;

    public static VoiceMeasures Measure(ReadOnlySpan<short> pcm, int sampleRate)
    {
        var hop = sampleRate / 100; // 10 ms
        var window = sampleRate / 25; // 40 ms: two periods of a 60 Hz voice
        var samples = new float[pcm.Length];
        for (var i = 0; i < pcm.Length; i++)
        {
            samples[i] = pcm[i] / 32768f;
        }

        var frames = Math.Max(0, (samples.Length - window) / hop + 1);
        var energyDb = new double[frames];
        for (var f = 0; f < frames; f++)
        {
            double sum = 0;
            for (var i = f * hop; i < (f * hop) + window; i++)
            {
                sum += samples[i] * samples[i];
            }

            energyDb[f] = 10 * Math.Log10(Math.Max(sum / window, 1e-10));
        }

        if (frames == 0)
        {
            return new VoiceMeasures(-100, null, null, null, 0, 0, 0);
        }

        var loudest = energyDb.Max();
        var voicedThreshold = loudest - 25;
        var pitches = new List<double>();
        double voicedEnergy = 0;
        var voiced = 0;
        for (var f = 0; f < frames; f++)
        {
            if (energyDb[f] < voicedThreshold)
            {
                continue;
            }

            voiced++;
            voicedEnergy += Math.Pow(10, energyDb[f] / 10);
            var pitch = Pitch.FromYin(samples, sampleRate, f * hop, (f * hop) + window, 60, 400, 0.25f);
            if (pitch is >= 60 and <= 400)
            {
                pitches.Add(pitch);
            }
        }

        var rmsDb = voiced > 0 ? 10 * Math.Log10(voicedEnergy / voiced) : -100;
        var seconds = (double)pcm.Length / sampleRate;
        return new VoiceMeasures(rmsDb, Mean(pitches), Range(pitches), Variance(pitches), Syllables(energyDb, loudest) / Math.Max(seconds, 0.1), Pauses(energyDb, voicedThreshold, out var count), count);
    }

    private static int Syllables(double[] energyDb, double loudest)
    {
        // Smooth over 50 ms, then count peaks standing 2 dB above the dips either side.
        var smooth = new double[energyDb.Length];
        for (var i = 0; i < energyDb.Length; i++)
        {
            var from = Math.Max(0, i - 2);
            var to = Math.Min(energyDb.Length - 1, i + 2);
            double sum = 0;
            for (var j = from; j <= to; j++)
            {
                sum += energyDb[j];
            }

            smooth[i] = sum / (to - from + 1);
        }

        var peaks = 0;
        var lastPeak = -100;
        var dip = double.MaxValue;
        for (var i = 1; i < smooth.Length - 1; i++)
        {
            dip = Math.Min(dip, smooth[i]);
            if (smooth[i] >= smooth[i - 1] && smooth[i] > smooth[i + 1] && smooth[i] > loudest - 12 && smooth[i] - dip > 2 && i - lastPeak >= 10)
            {
                peaks++;
                lastPeak = i;
                dip = smooth[i];
            }
        }

        return peaks;
    }

    private static double Pauses(double[] energyDb, double voicedThreshold, out int count)
    {
        var first = Array.FindIndex(energyDb, e => e >= voicedThreshold);
        var last = Array.FindLastIndex(energyDb, e => e >= voicedThreshold);
        count = 0;
        double total = 0;
        var run = 0;
        for (var i = Math.Max(first, 0); i <= last; i++)
        {
            if (energyDb[i] < voicedThreshold)
            {
                run++;
                continue;
            }

            if (run * 0.01 >= MinPauseSeconds)
            {
                count++;
                total += run * 0.01;
            }

            run = 0;
        }

        return Math.Round(total, 2);
    }

    private static double? Mean(List<double> values) => values.Count == 0 ? null : values.Average();

    private static double? Variance(List<double> values)
    {
        if (values.Count < 2)
        {
            return null;
        }

        var mean = values.Average();
        return values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
    }

    private static double? Range(List<double> values)
    {
        if (values.Count < 2)
        {
            return null;
        }

        var sorted = values.Order().ToList();
        return sorted[(int)(0.9 * (sorted.Count - 1))] - sorted[(int)(0.1 * (sorted.Count - 1))];
    }
}
