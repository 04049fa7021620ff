using System.Buffers;
using System.Text;
using Middleware.Adapters.Ami.Framing;

namespace Middleware.Adapters.Tests.Ami.Framing;

/// <summary>
/// The end of a stream (a transcript file, a closed socket) read the way <c>replay ami</c> reads it:
/// TryRead until false, then TryReadFinal until false. Issue 16, item 2: a last message without
/// its blank line threw in NextLine, and errors inside it had offsets relative to the message.
/// </summary>
public class AmiEndOfStreamTests
{
    private const string Whole = "Event: Newchannel\r\nChannel: PJSIP/t-1\r\nUniqueid: 9.1\r\n\r\n";

    private static List<AmiFrame> ReadToEnd(byte[] bytes, bool banner = false)
    {
        var parser = new AmiFrameParser(new AmiParserOptions { ExpectBanner = banner });
        var buffer = new ReadOnlySequence<byte>(bytes);
        var frames = new List<AmiFrame>();
        while (parser.TryRead(ref buffer, out var frame) || parser.TryReadFinal(ref buffer, out frame))
        {
            frames.Add(frame);
            Assert.True(frames.Count <= bytes.Length + 1, "the parser stopped making progress");
        }

        Assert.Equal(0, buffer.Length);
        Assert.Equal(bytes.Length, parser.StreamOffset);
        return frames;
    }

    private static IEnumerable<AmiFramingError> Errors(IEnumerable<AmiFrame> frames) =>
        frames.SelectMany(f => f.Error is { } e ? [e] : f.Message?.Problems ?? []);

    [Fact]
    public void A_last_message_without_its_blank_line_is_read_with_a_problem_at_its_absolute_offset()
    {
        var bytes = Encoding.ASCII.GetBytes(Whole + "Event: X\r\nno colon\r\nA: b\r\n");

        var frames = ReadToEnd(bytes);

        Assert.Equal(2, frames.Count);
        var last = frames[1].Message!;
        Assert.Equal(Whole.Length, last.StreamOffset);
        Assert.Equal("b", last["A"]);
        Assert.Equal(
            [(Whole.Length + "Event: X\r\n".Length, "line without 'Key: Value' (8 bytes) skipped"), (Whole.Length, "stream ended before the message's blank line")],
            last.Problems!.Select(p => (p.Offset, p.Reason)));
    }

    [Fact]
    public void Every_truncation_of_a_transcript_reads_the_whole_messages_before_the_cut_and_reports_the_rest()
    {
        var text = string.Concat(AmiFrameParserTests.Samples.Values);
        var bytes = Encoding.UTF8.GetBytes(text);
        var wholeEnds = new List<long>();
        foreach (var frame in ReadToEnd(bytes))
        {
            wholeEnds.Add(frame.Message!.StreamOffset + frame.Message.Raw.Length);
        }

        for (var cut = 0; cut <= bytes.Length; cut++)
        {
            var frames = ReadToEnd(bytes[..cut]);
            var complete = wholeEnds.Count(end => end <= cut);
            Assert.True(frames.Count >= complete, $"cut at {cut}: {frames.Count} frames, {complete} whole messages before it");
            Assert.All(Errors(frames), e => Assert.InRange(e.Offset, 0, cut));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Random_bytes_in_any_chunking_end_in_frames_and_errors_never_an_exception(int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[200_000];
        random.NextBytes(bytes);
        // Sprinkle line ends and colons so that lines, fields and blank lines occur too.
        for (var i = 0; i < bytes.Length; i += random.Next(1, 60))
        {
            bytes[i] = (byte)"\r\n:\n "[random.Next(5)];
        }

        var whole = ReadToEnd(bytes, banner: true);
        Assert.All(Errors(whole), e => Assert.InRange(e.Offset, 0, bytes.Length));

        var chunked = await AmiStreamReader.ReadAsync(AmiStreamReader.Chunk(bytes, random.Next(1, 700)), new AmiParserOptions { MaxMessageBytes = 4096 });
        Assert.NotEmpty(chunked);
        Assert.All(Errors(chunked), e => Assert.InRange(e.Offset, 0, bytes.Length));
    }
}
