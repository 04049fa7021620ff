using Middleware.Enrichment.Asr;

namespace Middleware.Enrichment.Tests.Asr;

public class SignalTests
{
    private static short[] Tone(double hz, int rate, double seconds, double amplitude = 8000) =>
        Enumerable.Range(0, (int)(rate * seconds)).Select(i => (short)(amplitude * Math.Sin(2 * Math.PI * hz * i / rate))).ToArray();

    [Fact]
    public void Upsampling_8k_to_16k_keeps_a_tone_its_pitch_and_level_across_chunk_edges()
    {
        var up = new Upsampler(8000, 16000);
        var tone = Tone(1000, 8000, 1);
        var output = new List<short>();
        foreach (var chunk in tone.Chunk(160)) // 20 ms pieces, as RTP brings them
        {
            output.AddRange(up.Process(chunk));
        }

        Assert.Equal(16000, output.Count);
        var steady = output.Skip(100).ToArray();
        var crossings = steady.Zip(steady.Skip(1)).Count(p => (p.First < 0) != (p.Second < 0));
        Assert.InRange(crossings / (steady.Length / 16000.0) / 2, 990, 1010); // still 1 kHz
        var rms = Math.Sqrt(steady.Average(s => (double)s * s));
        Assert.InRange(rms, 8000 / Math.Sqrt(2) * 0.95, 8000 / Math.Sqrt(2) * 1.05);
    }

    [Fact]
    public void Upsampling_refuses_a_non_integer_factor()
    {
        Assert.Throws<ArgumentException>(() => new Upsampler(8000, 11025));
    }

    [Fact]
    public void Voice_activity_opens_on_speech_and_closes_after_the_hangover()
    {
        var audio = SpeechAudio.Load("00-slt-ulaw-1.0.wav");
        var vad = new VoiceActivityDetector(audio.SampleRate);
        var events = new List<(VoiceActivity What, double At)>();
        for (var at = 0; at + vad.FrameSamples <= audio.Samples.Length; at += vad.FrameSamples)
        {
            var what = vad.Next(audio.Samples.AsSpan(at, vad.FrameSamples));
            if (what is VoiceActivity.SpeechStart or VoiceActivity.SpeechEnd)
            {
                events.Add((what, (double)at / audio.SampleRate));
            }
        }

        Assert.Equal(VoiceActivity.SpeechStart, events[0].What);
        Assert.InRange(events[0].At, 0.45, 0.9); // the file has 0.5 s of silence, then flite's own lead-in
        var end = events.Last(e => e.What == VoiceActivity.SpeechEnd);
        Assert.InRange(end.At, audio.Seconds - 0.5 - 0.3, audio.Seconds); // trailing 0.5 s silence: ends within it, after the hangover
    }

    [Fact]
    public void White_noise_as_loud_as_speech_is_not_voice()
    {
        var random = new Random(3);
        var noise = Enumerable.Range(0, 8000 * 2).Select(_ => (short)random.Next(-8000, 8000)).ToArray();
        var vad = new VoiceActivityDetector(8000);
        var activities = noise.Chunk(vad.FrameSamples).Select(f => vad.Next(f)).ToList();
        Assert.DoesNotContain(VoiceActivity.SpeechStart, activities);
    }

    [Fact]
    public void Word_error_rate_counts_substitutions_deletions_and_insertions()
    {
        Assert.Equal(new WordErrorRate.Score(0, 3), WordErrorRate.Compare("Hello, my friend", "hello my friend"));
        Assert.Equal(new WordErrorRate.Score(1, 3), WordErrorRate.Compare("hello my friend", "hello friend"));
        Assert.Equal(new WordErrorRate.Score(2, 3), WordErrorRate.Compare("hello my friend", "yellow my friend today"));
        Assert.Equal(1.0, WordErrorRate.Compare("a b", "").Rate);
    }
}
