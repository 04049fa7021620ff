using System.Buffers;
using System.Text;
using Middleware.Adapters.FastAgi.Framing;

namespace Middleware.Adapters.Tests.FastAgi.Framing;

public class AgiFrameParserTests
{
    private static readonly byte[] Session = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "FastAgi", "Transcripts", "asterisk18-session.from-asterisk.txt"));

    /// <summary>Frames of the whole transcript, each with the stream offset where it ended.</summary>
    private static List<(string Frame, long End)> ParseWhole(byte[] bytes, bool final = false)
    {
        var parser = new AgiFrameParser();
        var buffer = new ReadOnlySequence<byte>(bytes);
        var frames = new List<(string, long)>();
        while (parser.TryRead(ref buffer, out var frame))
        {
            frames.Add((Describe(frame), parser.StreamOffset));
        }

        while (final && parser.TryReadFinal(ref buffer, out var last))
        {
            frames.Add((Describe(last), parser.StreamOffset));
        }

        return frames;
    }

    private static string Describe(AgiFrame f) => f.Kind switch
    {
        AgiFrameKind.Request => $"request@{f.Offset} script={f.Request!.Script} args={string.Join(",", f.Request.Arguments.OrderBy(a => a.Key).Select(a => $"{a.Key}={a.Value}"))} vars={f.Request.Variables.Count}",
        AgiFrameKind.Reply => $"reply@{f.Offset} {f.Reply!.Code} result={f.Reply.Result} data={f.Reply.Data} endpos={f.Reply.Endpos} usage={string.Join("/", f.Reply.Usage ?? [])}",
        AgiFrameKind.Hangup => $"hangup@{f.Offset}",
        _ => $"error@{f.Offset} {f.Error!.Reason}",
    };

    public static TheoryData<int> EveryPrefix() => new(Enumerable.Range(0, Session.Length + 1));

    [Fact]
    public void A_whole_Asterisk_session_reads_as_its_request_replies_hangup_and_one_garbage_line()
    {
        var frames = ParseWhole(Session).Select(f => f.Frame).ToList();

        Assert.Equal(13, frames.Count);
        Assert.Equal("request@0 script=ivr args=1=vip,flow=main,lang=zh vars=23", frames[0]);
        Assert.StartsWith("reply@", frames[1], StringComparison.Ordinal);
        Assert.EndsWith("200 result=0 data= endpos= usage=", frames[1], StringComparison.Ordinal);
        Assert.EndsWith("200 result=1 data=timeout endpos= usage=", frames[2], StringComparison.Ordinal);
        Assert.EndsWith("200 result=20240001 data= endpos= usage=", frames[3], StringComparison.Ordinal);
        Assert.EndsWith("200 result=0 data= endpos=16000 usage=", frames[4], StringComparison.Ordinal);
        Assert.EndsWith("200 result=1 data=gold (since 2019) endpos= usage=", frames[5], StringComparison.Ordinal);
        Assert.EndsWith("510 result= data= endpos= usage=", frames[6], StringComparison.Ordinal);
        Assert.EndsWith("520 result= data= endpos= usage= Usage: GET DATA <file to be streamed> [timeout] [maxdigits]", frames[7], StringComparison.Ordinal);
        Assert.Contains("not an AGI reply: 'Asterisk debug: this is not AGI'", frames[8], StringComparison.Ordinal);
        Assert.EndsWith("200 result=-1 data= endpos= usage=", frames[9], StringComparison.Ordinal);
        Assert.StartsWith("hangup@", frames[10], StringComparison.Ordinal);
        Assert.EndsWith("511 result= data= endpos= usage=", frames[11], StringComparison.Ordinal);
        Assert.EndsWith("200 result=1 data= endpos= usage=", frames[12], StringComparison.Ordinal);
    }

    [Fact]
    public void Offsets_point_at_the_first_byte_of_each_frame()
    {
        var parser = new AgiFrameParser();
        var buffer = new ReadOnlySequence<byte>(Session);
        var text = Encoding.UTF8.GetString(Session);
        while (parser.TryRead(ref buffer, out var frame))
        {
            var at = Encoding.UTF8.GetString(Session, (int)frame.Offset, Math.Min(10, Session.Length - (int)frame.Offset));
            var expected = frame.Kind switch
            {
                AgiFrameKind.Request => "agi_networ",
                AgiFrameKind.Hangup => "HANGUP",
                AgiFrameKind.Error => "Asterisk d",
                _ => frame.Reply!.Code.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            Assert.StartsWith(expected, at, StringComparison.Ordinal);
        }

        Assert.Equal(Session.Length, parser.StreamOffset);
        Assert.NotEmpty(text);
    }

    [Theory]
    [MemberData(nameof(EveryPrefix))]
    public void A_truncated_session_yields_exactly_the_frames_complete_in_it_and_the_end_reports_the_rest(int length)
    {
        var whole = ParseWhole(Session);
        var prefix = Session[..length];

        var frames = ParseWhole(prefix);

        var complete = whole.Where(f => f.End <= length).ToList();
        Assert.Equal(complete, frames);

        // At the end of the stream, a cut line or block is one error at or before the cut, never an invented frame.
        var final = ParseWhole(prefix, final: true).Skip(frames.Count).Select(f => f.Frame).ToList();
        var atBoundary = length == 0 || (complete.Count > 0 && complete[^1].End == length);
        if (atBoundary)
        {
            Assert.Empty(final);
        }
        else
        {
            var error = Assert.Single(final);
            Assert.StartsWith("error@", error, StringComparison.Ordinal);
            Assert.True(long.Parse(error.Split('@', ' ')[1], System.Globalization.CultureInfo.InvariantCulture) <= length);
        }
    }

    [Fact]
    public void A_session_fed_one_byte_at_a_time_across_segments_reads_the_same()
    {
        var parser = new AgiFrameParser();
        var frames = new List<string>();
        var pending = new List<byte>();
        foreach (var b in Session)
        {
            pending.Add(b);
            var buffer = Segmented([.. pending]);
            while (parser.TryRead(ref buffer, out var frame))
            {
                frames.Add(Describe(frame));
            }

            pending.RemoveRange(0, pending.Count - (int)buffer.Length);
        }

        Assert.Equal(ParseWhole(Session).Select(f => f.Frame), frames);
    }

    [Fact]
    public void Crlf_line_ends_read_like_lf()
    {
        var crlf = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Session).Replace("\n", "\r\n", StringComparison.Ordinal));

        static string WithoutOffset(string frame) => System.Text.RegularExpressions.Regex.Replace(frame, "@[0-9]+", "");

        var frames = ParseWhole(crlf).Select(f => WithoutOffset(f.Frame)).ToList();

        Assert.Equal(ParseWhole(Session).Select(f => WithoutOffset(f.Frame)), frames);
    }

    [Theory]
    [InlineData("not a variable\nagi_channel: PJSIP/x\n\n", "error@0 not an agi_ variable line: 'not a variable'")]
    [InlineData("\nagi_channel: PJSIP/x\n\n", "error@0 blank line before any agi_ variable")]
    [InlineData("agi-bad key: 1\nagi_channel: PJSIP/x\n\n", "error@0 not an agi_ variable line: 'agi-bad key: 1'")]
    public void Garbage_before_the_block_is_reported_with_its_offset_and_the_block_still_reads(string input, string expectedError)
    {
        var frames = ParseWhole(Encoding.UTF8.GetBytes(input)).Select(f => f.Frame).ToList();

        Assert.Equal(expectedError, frames[0]);
        Assert.StartsWith("request@", frames[1], StringComparison.Ordinal);
    }

    [Fact]
    public void An_endless_line_is_reported_once_and_skipped()
    {
        var bytes = Encoding.UTF8.GetBytes("agi_channel: PJSIP/x\n\n" + new string('x', 20_000) + "\n200 result=1\n");
        var parser = new AgiFrameParser(maxLineBytes: 1024);
        var frames = new List<string>();

        // Delivered in 512-byte reads, as a socket would.
        var pending = new List<byte>();
        for (var i = 0; i < bytes.Length; i += 512)
        {
            pending.AddRange(bytes.Skip(i).Take(512));
            var buffer = new ReadOnlySequence<byte>([.. pending]);
            while (parser.TryRead(ref buffer, out var frame))
            {
                frames.Add(Describe(frame));
            }

            pending.RemoveRange(0, pending.Count - (int)buffer.Length);
        }

        Assert.Equal(3, frames.Count);
        Assert.Equal("error@22 line longer than 1024 bytes", frames[1]);
        Assert.StartsWith("reply@20023 200 result=1", frames[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Get_data_digits_with_star_and_an_empty_timeout_result_are_replies()
    {
        var frames = ParseWhole(Encoding.UTF8.GetBytes("agi_channel: PJSIP/x\n\n200 result=12*3\n200 result= (timeout)\n")).Select(f => f.Frame).ToList();

        Assert.EndsWith("200 result= data= endpos= usage=", frames[1], StringComparison.Ordinal);
        Assert.EndsWith("200 result= data=timeout endpos= usage=", frames[2], StringComparison.Ordinal);
    }

    [Fact]
    public void A_usage_block_ending_in_a_line_that_is_not_a_reply_is_an_error_not_a_null_reply()
    {
        // Found by tests/Fuzzing: "520 result=1 (time" (an unclosed data) made a reply of null, NullReferenceException.
        var input = "agi_channel: PJSIP/x\n\n520-Invalid command syntax.  Proper usage follows:\nUsage: x\n520 result=1 (time End of proper usage.\n200 result=0\n";

        var frames = ParseWhole(Encoding.UTF8.GetBytes(input)).Select(f => f.Frame).ToList();

        Assert.Equal(3, frames.Count);
        Assert.Contains("520 usage block ends in a line that is not a reply: '520 result=1 (time End of proper usage.'", frames[1], StringComparison.Ordinal);
        Assert.EndsWith("200 result=0 data= endpos= usage=", frames[2], StringComparison.Ordinal);
    }

    private static ReadOnlySequence<byte> Segmented(byte[] bytes)
    {
        if (bytes.Length < 2)
        {
            return new ReadOnlySequence<byte>(bytes);
        }

        var half = bytes.Length / 2;
        var first = new Segment(bytes[..half], 0);
        var last = first.Append(bytes[half..]);
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long index)
        {
            Memory = memory;
            RunningIndex = index;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
