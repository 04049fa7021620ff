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

        // Its own decoder: a pooled one's cepstral mean carries over from whatever utterances other
        // tests had it decode before, and this distorted audio is sensitive to where it starts from.
        using var engine = PocketSphinxEngine.Create(new PocketSphinxOptions { Decoders = 1 });
        var segments = await FileTranscription.TranscribeAsync(engine, clipped);

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

    [Fact]
    public async Task The_search_settings_reach_the_decoder_and_a_configured_flag_wins_over_them()
    {
        // The shipped defaults: the second pass on, the shipped HMM cap.
        Assert.Equal(1, await SpeechAudio.GenericEngine.DecoderFlagAsync("-fwdflat"));
        Assert.Equal(new PocketSphinxOptions().MaxHmmsPerFrame, await SpeechAudio.GenericEngine.DecoderFlagAsync("-maxhmmpf"));

        var options = new PocketSphinxOptions { Decoders = 1, SecondPass = false, MaxHmmsPerFrame = 5000 };
        options.Flags["maxhmmpf"] = "7000"; // spelled without the dash, as YAML keys often are
        using var engine = PocketSphinxEngine.Create(options);

        Assert.Equal(0, await engine.DecoderFlagAsync("-fwdflat"));
        Assert.Equal(7000, await engine.DecoderFlagAsync("-maxhmmpf"));
        Assert.Single(PocketSphinxEngine.Arguments(options, 16000), a => a == "-maxhmmpf");
    }

    [Fact]
    public async Task With_200ms_chunks_the_final_words_are_out_within_a_second_of_audio_after_the_speaker_stops()
    {
        // The mirror's chunk (rtp.chunk_length, 200 ms) is the unit the transcriber gets audio in: the
        // final segment can only come with the chunk holding the end of the hangover. Measured in
        // audio time (the chunk after which the final appeared), so a loaded machine cannot fail it.
        var audio = SpeechAudio.Load("02-awb-ulaw-1.0.wav");
        var chunk = audio.SampleRate / 5;
        var segments = new List<TranscriptSegment>();
        using var leg = new LegTranscriber(SpeechAudio.GenericEngine, Speaker.Caller, audio.SampleRate);
        double? finalAt = null;
        for (var at = 0; at < audio.Samples.Length && finalAt is null; at += chunk)
        {
            var length = Math.Min(chunk, audio.Samples.Length - at);
            await leg.AcceptAsync(audio.Samples.AsMemory(at, length), (double)at / audio.SampleRate, segments, CancellationToken.None);
            if (segments.Any(s => s.IsFinal))
            {
                finalAt = (double)(at + length) / audio.SampleRate;
            }
        }

        var final = Assert.Single(segments, s => s.IsFinal);
        Assert.NotNull(finalAt); // ended by the hangover inside the 0.5 s of trailing silence, not by the leg's end
        Assert.InRange(finalAt.Value - final.EndSeconds, 0, 1.0);
    }
}
