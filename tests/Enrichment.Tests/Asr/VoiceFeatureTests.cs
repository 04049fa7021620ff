using Middleware.Core.Events;
using Middleware.Enrichment.Asr;

namespace Middleware.Enrichment.Tests.Asr;

public class VoiceFeatureTests
{
    /// <summary>A 150 Hz voice-like buzz in 4 "syllables" a second, a 0.5 s pause after the first second.</summary>
    private static short[] Buzz(double hz = 150, double amplitude = 6000, double syllablesPerSecond = 4)
    {
        const int rate = 8000;
        var samples = new short[rate * 5 / 2];
        for (var i = 0; i < samples.Length; i++)
        {
            var t = (double)i / rate;
            if (t is >= 1.0 and < 1.5)
            {
                continue; // the pause
            }

            var envelope = 0.5 - (0.5 * Math.Cos(2 * Math.PI * syllablesPerSecond * t)); // one swell per syllable
            var harmonics = Math.Sin(2 * Math.PI * hz * t) + (0.5 * Math.Sin(4 * Math.PI * hz * t)) + (0.25 * Math.Sin(6 * Math.PI * hz * t));
            samples[i] = (short)(amplitude * envelope * harmonics / 1.75);
        }

        return samples;
    }

    [Fact]
    public void Pitch_rate_and_pauses_are_measured_from_the_audio()
    {
        var m = VoiceFeatureExtractor.Measure(Buzz(), 8000);

        Assert.InRange(m.PitchMeanHz!.Value, 140, 160);
        Assert.InRange(m.PitchRangeHz!.Value, 0, 20);
        Assert.InRange(m.SyllablesPerSecond, 2.8, 4.4); // 8 swells in 2 s of sound over a 2.5 s segment
        Assert.Equal(1, m.Pauses);
        Assert.InRange(m.PauseSeconds, 0.4, 0.8);
    }

    [Fact]
    public void A_higher_louder_segment_scores_above_the_speakers_own_baseline()
    {
        var baseline = new SpeakerBaseline();
        var first = baseline.Score(Speaker.Caller, 0, 2.5, VoiceFeatureExtractor.Measure(Buzz(), 8000), 0);
        baseline.Score(Speaker.Caller, 3, 5.5, VoiceFeatureExtractor.Measure(Buzz(155, 6500), 8000), 0);
        var upset = baseline.Score(Speaker.Caller, 6, 8.5, VoiceFeatureExtractor.Measure(Buzz(220, 24000, 6), 8000), 0.8);

        Assert.Equal((0, 0, 0), (first.EnergyZ, first.PitchZ, first.RateZ)); // the first segment is the baseline
        Assert.True(upset.EnergyZ > 1.5, $"energy z {upset.EnergyZ}");
        Assert.True(upset.PitchZ > 1.5, $"pitch z {upset.PitchZ}");
        Assert.True(upset.RateZ > 0, $"rate z {upset.RateZ}");
        Assert.Equal(0.8, upset.TalkOverSeconds);
    }

    [Fact]
    public void Silence_measures_as_nothing_without_throwing()
    {
        var m = VoiceFeatureExtractor.Measure(new short[8000], 8000);
        Assert.Null(m.PitchMeanHz);
        Assert.Equal(0, m.SyllablesPerSecond);
        Assert.Equal(0, VoiceFeatureExtractor.Measure([], 8000).Pauses);
    }
}
