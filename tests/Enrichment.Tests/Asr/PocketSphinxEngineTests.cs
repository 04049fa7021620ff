using Middleware.Core.Events;
using Middleware.Core.Media;
using Middleware.Enrichment.Asr;
using Middleware.Enrichment.Asr.Engines.PocketSphinx;

namespace Middleware.Enrichment.Tests.Asr;

public class PocketSphinxEngineTests
{
    [Fact]
    public async Task Transcribes_flite_telephone_speech_into_one_final_segment_with_its_timing()
    {
        // 02: awb, µ-law, "can you give me your account number", 0.5 s of silence either side.
        var audio = SpeechAudio.Load("02-awb-ulaw-1.0.wav");
        var segments = await FileTranscription.TranscribeAsync(SpeechAudio.GenericEngine, audio, Speaker.Agent);

        var final = Assert.Single(segments, s => s.IsFinal);
        Assert.Contains("account number", final.Text);
        Assert.Equal(Speaker.Agent, final.Speaker);
        Assert.Equal("pocketsphinx", final.Engine);
        Assert.InRange(final.StartSeconds, 0.2, 0.8);
        Assert.InRange(final.EndSeconds, audio.Seconds - 0.8, audio.Seconds - 0.3);
        Assert.InRange(final.Confidence, 0, 1);
    }

    [Fact]
    public async Task Partial_segments_come_while_the_speaker_talks_and_precede_the_final_one()
    {
        var audio = SpeechAudio.Load("04-slt-ulaw-1.25.wav"); // the slower rate: long enough for partials
        var segments = await FileTranscription.TranscribeAsync(SpeechAudio.GenericEngine, audio);

        var partials = segments.TakeWhile(s => !s.IsFinal).ToList();
        Assert.NotEmpty(partials);
        Assert.All(partials, p => Assert.True(p.EndSeconds <= segments.Last().EndSeconds + 0.5));
        Assert.True(segments.Last().IsFinal);
    }

    [Fact]
    public async Task Silence_only_and_line_noise_give_no_segment()
    {
        var silence = new WavAudio(new short[8000 * 3], 8000, "pcm16");
        var random = new Random(7);
        var hiss = new WavAudio(Enumerable.Range(0, 8000 * 3).Select(_ => (short)random.Next(-300, 300)).ToArray(), 8000, "pcm16");

        Assert.Empty(await FileTranscription.TranscribeAsync(SpeechAudio.GenericEngine, silence));
        Assert.Empty(await FileTranscription.TranscribeAsync(SpeechAudio.GenericEngine, hiss));
    }

    [Fact]
    public async Task A_leg_that_stops_mid_word_still_gets_its_final_segment()
    {
        var audio = SpeechAudio.Load("02-awb-ulaw-1.0.wav");
        var cut = audio with { Samples = audio.Samples[..(int)(audio.SampleRate * 1.6)] }; // 0.5 s silence + ~1.1 s of words, then nothing

        var segments = await FileTranscription.TranscribeAsync(SpeechAudio.GenericEngine, cut);

        var final = Assert.Single(segments, s => s.IsFinal);
        Assert.Contains("you", final.Text);
        Assert.True(final.EndSeconds <= 1.65);
    }

    [Fact]
    public async Task Clipped_audio_is_transcribed_not_rejected()
    {
        var audio = SpeechAudio.Load("02-awb-ulaw-1.0.wav");
        var clipped = audio with { Samples = audio.Samples.Select(s => (short)Math.Clamp(s * 8, -12000, 12000)).ToArray() };

        var segments = await FileTranscription.TranscribeAsync(SpeechAudio.GenericEngine, clipped);

        Assert.StartsWith("can you", FileTranscription.FinalText(segments)); // words come through; the clipped tail may not
    }

    [Fact]
    public void A_missing_model_file_is_named_in_the_error()
    {
        var error = Assert.Throws<SpeechEngineUnavailableException>(() =>
            PocketSphinxEngine.Create(new PocketSphinxOptions { LanguageModel = "/nonexistent/callcenter.lm" }));
        Assert.Contains("/nonexistent/callcenter.lm", error.Message);
    }

    [Fact]
    public async Task Decoders_are_pooled_up_to_the_limit_and_handed_back()
    {
        using var engine = PocketSphinxEngine.Create(new PocketSphinxOptions { Decoders = 1 });
        var first = await engine.RentAsync(CancellationToken.None);
        var second = engine.RentAsync(CancellationToken.None).AsTask();
        Assert.False(second.IsCompleted); // the one decoder is out: the next leg waits
        first.Dispose();
        (await second).Dispose();
    }
}
