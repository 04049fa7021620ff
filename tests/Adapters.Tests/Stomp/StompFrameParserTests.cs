using System.Buffers;
using System.Text;
using Middleware.Adapters.Stomp.Framing;

namespace Middleware.Adapters.Tests.Stomp;

public class StompFrameParserTests
{
    private static readonly string[] Samples =
    [
        "CONNECTED\nversion:1.2\nserver:ActiveMQ/5.17.2\nheart-beat:10000,10000\n\n\0",
        "MESSAGE\r\nsubscription:sub-1\r\nmessage-id:ID\\cx-1\r\ndestination:/queue/a\r\nack:ack-1\r\ncontent-length:5\r\n\r\nab\0cd\0",
        "RECEIPT\nreceipt-id:r-7\n\n\0",
        "ERROR\nmessage:bad things\ncontent-type:text/plain\n\nthe details\0",
    ];

    public static TheoryData<string> Frames() => new(Samples);

    private static List<StompFrame> ParseAll(byte[] bytes, out long heartBeats)
    {
        var parser = new StompFrameParser();
        var buffer = new ReadOnlySequence<byte>(bytes);
        var frames = new List<StompFrame>();
        while (parser.TryRead(ref buffer, out var frame))
        {
            frames.Add(frame);
        }

        heartBeats = parser.HeartBeats;
        return frames;
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public void Every_truncated_prefix_yields_nothing_and_the_whole_frame_parses(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        for (var k = 0; k < bytes.Length; k++)
        {
            var parser = new StompFrameParser();
            var prefix = new ReadOnlySequence<byte>(bytes, 0, k);
            Assert.False(parser.TryRead(ref prefix, out _), $"a frame came out of {k} of {bytes.Length} bytes");
        }

        Assert.Single(ParseAll(bytes, out _));
    }

    [Fact]
    public void Bodies_with_content_length_are_binary_safe_and_headers_are_unescaped()
    {
        var message = ParseAll(Encoding.UTF8.GetBytes(Samples[1]), out _)[0];
        Assert.Equal("ID:x-1", message["message-id"]);
        Assert.Equal("ab\0cd"u8.ToArray(), message.Body.ToArray());
    }

    [Fact]
    public void End_of_lines_between_frames_are_heart_beats()
    {
        var frames = ParseAll(Encoding.UTF8.GetBytes("\n\r\n\nRECEIPT\nreceipt-id:1\n\n\0\n\nRECEIPT\nreceipt-id:2\n\n\0"), out var beats);
        Assert.Equal(["1", "2"], frames.Select(f => f["receipt-id"]));
        Assert.Equal(5, beats);
    }

    [Fact]
    public void The_writer_escapes_what_the_parser_unescapes()
    {
        var output = new ArrayBufferWriter<byte>();
        StompFrameWriter.Write(output, "SEND", [new("destination", "/queue/x"), new("odd:key", "a\\b\nc:d\re")], "王芳"u8);
        var frame = ParseAll(output.WrittenSpan.ToArray(), out _)[0];
        Assert.Equal("a\\b\nc:d\re", frame["odd:key"]);
        Assert.Equal("王芳", frame.BodyText);
        Assert.Equal("6", frame["content-length"]);
    }

    [Theory]
    [InlineData("MESSAGE\nbad\\x:1\n\n\0", "undefined escape")]
    [InlineData("MESSAGE\nno colon here\n\n\0", "without ':'")]
    [InlineData("MESSAGE\ncontent-length:abc\n\n\0", "bad content-length")]
    [InlineData("MESSAGE\ncontent-length:2\n\nabc\0", "not followed by NUL")]
    public void Bytes_that_cannot_be_stomp_are_rejected_with_a_reason(string text, string reason)
    {
        var ex = Assert.Throws<StompProtocolException>(() => ParseAll(Encoding.UTF8.GetBytes(text), out _));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_content_length_of_int_max_waits_for_the_body_instead_of_throwing_out_of_range()
    {
        // Found by tests/Fuzzing: n + 1 wrapped to int.MinValue and the body slice threw ArgumentOutOfRangeException.
        var parser = new StompFrameParser();
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("MESSAGE\ncontent-length:2147483647\n\nab\0"));

        Assert.False(parser.TryRead(ref buffer, out _));
    }
}
