using Middleware.Core.Media;

namespace Middleware.Core.Tests.Media;

public class WavWriterTests
{
    [Fact]
    public void An_utterance_encoded_in_memory_reads_back_as_the_same_samples_and_rate()
    {
        var samples = Enumerable.Range(0, 16000).Select(i => (short)(Math.Sin(i * 0.05) * 8000)).ToArray();

        var bytes = WavWriter.Encode(samples, 16000);
        var audio = WavReader.Read(bytes);

        Assert.Null(audio.Error);
        Assert.Equal(16000, audio.SampleRate);
        Assert.Equal(samples, audio.Samples);
        Assert.Equal(44 + samples.Length * 2, bytes.Length);
    }

    [Fact]
    public void A_stream_that_cannot_seek_is_refused_because_the_sizes_are_written_last()
    {
        using var pipe = new System.IO.Pipes.AnonymousPipeServerStream();

        var error = Assert.Throws<ArgumentException>(() => new WavWriter(pipe, 8000));

        Assert.Contains("seekable", error.Message);
    }
}
