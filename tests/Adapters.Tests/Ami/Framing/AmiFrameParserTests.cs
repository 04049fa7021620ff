using System.Buffers;
using System.Text;
using Middleware.Adapters.Ami.Framing;
using Middleware.Adapters.Ami.Protocol;

namespace Middleware.Adapters.Tests.Ami.Framing;

public class AmiFrameParserTests
{
    // One sample per frame shape. Each is a complete first message, possibly followed by the start of the next.
    public static readonly Dictionary<string, string> Samples = new()
    {
        ["event"] = "Event: Newchannel\r\nPrivilege: call,all\r\nChannel: PJSIP/trunk-00000001\r\nChannelState: 4\r\nChannelStateDesc: Ring\r\nCallerIDNum: 13800138000\r\nCallerIDName: 王芳\r\nAccountCode: \r\nContext: from-trunk\r\nExten: 4008001234\r\nUniqueid: 1700000000.1\r\nLinkedid: 1700000000.1\r\n\r\n",
        ["response"] = "Response: Success\r\nActionID: mw-1\r\nMessage: Authentication accepted\r\n\r\n",
        ["bare-lf"] = "Event: Hangup\nChannel: PJSIP/1001-00000002\nCause: 16\nCause-txt: Normal Clearing\n\n",
        ["colons"] = "Event: VarSet\r\nVariable: SIPURI\r\nValue: sip:1001@10.0.0.1:5060;transport=udp\r\n\r\n",
        ["repeated"] = "Event: Newexten\r\nChanVariable: VIP=1\r\nChanVariable: LANG=zh\r\nChanVariable: \r\n\r\n",
        ["follows"] = "Response: Follows\r\nPrivilege: Command\r\nActionID: mw-7\r\nName/username             Host\r\n1001/1001                 10.0.0.5\r\n\r\n2 sip peers\n--END COMMAND--\r\n\r\n",
        ["follows-no-end"] = "Response: Follows\r\nActionID: mw-8\r\ncore uptime: 1 day\r\n\r\nEvent: FullyBooted\r\n\r\n",
        ["output"] = "Response: Success\r\nActionID: mw-9\r\nMessage: Command output follows\r\nOutput: System uptime: 1 day\r\nOutput: Last reload: 2 hours\r\n\r\n",
    };

    public static TheoryData<string> SampleNames() => new(Samples.Keys);

    private static List<AmiFrame> ParseWhole(byte[] bytes)
    {
        var parser = new AmiFrameParser(new AmiParserOptions { ExpectBanner = false });
        var buffer = new ReadOnlySequence<byte>(bytes);
        var frames = new List<AmiFrame>();
        while (parser.TryRead(ref buffer, out var frame))
        {
            frames.Add(frame);
        }

        return frames;
    }

    private static string Describe(AmiMessage m) => string.Join("|", m.Fields.Select(f => $"{f.Key}={f.Value}"));

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Every_truncated_prefix_yields_nothing_and_the_whole_yields_the_message(string name)
    {
        var bytes = Encoding.UTF8.GetBytes(Samples[name]);
        var expected = Describe(ParseWhole(bytes)[0].Message!);
        var firstLength = ParseWhole(bytes)[0].Message!.Raw.Length;

        for (var k = 0; k < firstLength; k++)
        {
            var parser = new AmiFrameParser(new AmiParserOptions { ExpectBanner = false });
            var prefix = new ReadOnlySequence<byte>(bytes, 0, k);
            Assert.False(parser.TryRead(ref prefix, out _), $"{name}: a message came out of the first {k} of {firstLength} bytes");
        }

        Assert.Equal(expected, Describe(ParseWhole(bytes)[0].Message!));
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void A_message_split_across_segments_at_any_byte_parses_the_same(string name)
    {
        var bytes = Encoding.UTF8.GetBytes(Samples[name]);
        var expected = ParseWhole(bytes).Select(f => Describe(f.Message!)).ToList();
        for (var split = 1; split < bytes.Length; split++)
        {
            var parser = new AmiFrameParser(new AmiParserOptions { ExpectBanner = false });
            var buffer = AmiStreamReader.Segmented(bytes, split, split + 3);
            var got = new List<string>();
            while (parser.TryRead(ref buffer, out var frame))
            {
                got.Add(Describe(frame.Message!));
            }

            Assert.Equal(expected, got);
        }
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public async Task A_message_arriving_one_byte_per_read_parses_the_same(string name)
    {
        var bytes = Encoding.UTF8.GetBytes(Samples[name]);
        var frames = await AmiStreamReader.ReadAsync(AmiStreamReader.Chunk(bytes, 1), new AmiParserOptions { ExpectBanner = false });

        Assert.Equal(Describe(ParseWhole(bytes)[0].Message!), Describe(frames[0].Message!));
    }

    [Fact]
    public void Fields_keep_order_repeats_empty_values_colons_and_utf8()
    {
        var newchannel = ParseWhole(Encoding.UTF8.GetBytes(Samples["event"]))[0].Message!;
        Assert.Equal("Newchannel", newchannel.Event);
        Assert.Equal("王芳", newchannel["CallerIDName"]);
        Assert.Equal("", newchannel["AccountCode"]);
        Assert.Equal("1700000000.1", newchannel["linkedid"]);
        Assert.True(newchannel.Is("ChannelStateDesc", "ring"));

        var varset = ParseWhole(Encoding.UTF8.GetBytes(Samples["colons"]))[0].Message!;
        Assert.Equal("sip:1001@10.0.0.1:5060;transport=udp", varset["Value"]);

        var exten = ParseWhole(Encoding.UTF8.GetBytes(Samples["repeated"]))[0].Message!;
        Assert.Equal(["VIP=1", "LANG=zh", ""], exten.GetAll("ChanVariable"));
    }

    [Fact]
    public void Command_output_is_gathered_as_output_lines_in_both_formats()
    {
        var follows = ParseWhole(Encoding.UTF8.GetBytes(Samples["follows"]))[0].Message!;
        Assert.Equal("mw-7", follows.ActionId);
        Assert.Equal(["Name/username             Host", "1001/1001                 10.0.0.5", "", "2 sip peers"], follows.GetAll("Output"));

        var frames = ParseWhole(Encoding.UTF8.GetBytes(Samples["follows-no-end"]));
        Assert.Equal(["core uptime: 1 day"], frames[0].Message!.GetAll("Output"));
        Assert.Equal("FullyBooted", frames[1].Message!.Event);

        var modern = ParseWhole(Encoding.UTF8.GetBytes(Samples["output"]))[0].Message!;
        Assert.Equal(["System uptime: 1 day", "Last reload: 2 hours"], modern.GetAll("Output"));
    }

    [Fact]
    public async Task The_banner_comes_first_then_messages_at_every_read_size()
    {
        var stream = "Asterisk Call Manager/7.0.3\r\n" + string.Concat(Enumerable.Repeat(Samples["event"] + Samples["response"], 50));
        var bytes = Encoding.UTF8.GetBytes(stream);
        foreach (var size in new[] { 1, 7, 1460, 8192, 65536 })
        {
            var frames = await AmiStreamReader.ReadAsync(AmiStreamReader.Chunk(bytes, size));
            Assert.Equal("Asterisk Call Manager/7.0.3", frames[0].Banner);
            Assert.Equal(100, frames.Count(f => f.Kind == AmiFrameKind.Message));
            Assert.Equal(bytes.Length, frames.Sum(f => f.Message?.Raw.Length ?? 0) + 29);
        }
    }

    [Fact]
    public void Without_a_banner_the_first_line_is_already_a_message()
    {
        var parser = new AmiFrameParser();
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(Samples["response"]));
        Assert.True(parser.TryRead(ref buffer, out var frame));
        Assert.Equal("Success", frame.Message!.Response);
    }

    [Fact]
    public void Stray_blank_lines_between_messages_are_ignored()
    {
        var frames = ParseWhole(Encoding.UTF8.GetBytes("\r\n\r\n" + Samples["response"] + "\r\n\n" + Samples["bare-lf"]));
        Assert.Equal(["Success", null], frames.Select(f => f.Message!.Response));
        Assert.All(frames, f => Assert.Null(f.Message!.Problems));
    }

    [Fact]
    public void A_garbage_line_inside_a_message_is_reported_with_its_offset_and_the_rest_kept()
    {
        var text = Samples["response"] + "Event: Hangup\r\n\u0001\u0002binary noise\r\nCause: 16\r\n\r\n";
        var frames = ParseWhole(Encoding.UTF8.GetBytes(text));

        var hangup = frames[1].Message!;
        Assert.Equal("16", hangup["Cause"]);
        var problem = Assert.Single(hangup.Problems!);
        Assert.Equal(Encoding.UTF8.GetByteCount(Samples["response"] + "Event: Hangup\r\n"), problem.Offset);
    }

    [Fact]
    public void A_block_of_pure_garbage_is_an_error_frame_and_parsing_goes_on()
    {
        var garbage = "\u0016\u0003\u0001 TLS hello?\r\nGET / HTTP/1.1\r\n\r\n";
        var frames = ParseWhole(Encoding.UTF8.GetBytes(garbage + Samples["response"]));

        Assert.Equal(AmiFrameKind.Error, frames[0].Kind);
        Assert.Equal(0, frames[0].Error!.Offset);
        Assert.Equal("Success", frames[1].Message!.Response);
    }

    [Fact]
    public async Task A_ten_megabyte_line_is_reported_skipped_and_the_next_message_arrives()
    {
        var big = "Event: UserEvent\r\nUserEvent: Flood\r\nData: " + new string('x', 10 * 1024 * 1024) + "\r\nMore: y\r\n\r\n";
        var bytes = Encoding.UTF8.GetBytes(Samples["response"] + big + Samples["event"]);

        var frames = await AmiStreamReader.ReadAsync(AmiStreamReader.Chunk(bytes, 65536));

        Assert.Equal(3, frames.Count);
        Assert.Equal("Success", frames[0].Message!.Response);
        Assert.Equal(AmiFrameKind.Error, frames[1].Kind);
        Assert.Contains("longer than 1048576", frames[1].Error!.Reason, StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetByteCount(Samples["response"]), frames[1].Error!.Offset);
        Assert.Equal("Newchannel", frames[2].Message!.Event);
    }

    [Fact]
    public async Task A_message_longer_than_the_limit_in_complete_lines_is_also_cut()
    {
        var lines = string.Concat(Enumerable.Range(0, 5000).Select(i => $"Line{i}: {new string('v', 300)}\r\n"));
        var bytes = Encoding.UTF8.GetBytes("Event: Huge\r\n" + lines + "\r\n" + Samples["response"]);
        var frames = await AmiStreamReader.ReadAsync(AmiStreamReader.Chunk(bytes, 8192));

        Assert.Equal([AmiFrameKind.Error, AmiFrameKind.Message], frames.Select(f => f.Kind));
        Assert.Equal("Success", frames[1].Message!.Response);
    }

    [Fact]
    public async Task A_stream_ending_inside_a_message_still_delivers_it_with_a_problem()
    {
        var frames = await AmiStreamReader.ReadAsync([Encoding.UTF8.GetBytes("Event: Hangup\r\nCause: 16\r\n")], new AmiParserOptions { ExpectBanner = false });

        var hangup = Assert.Single(frames).Message!;
        Assert.Equal("16", hangup["Cause"]);
        Assert.Contains("ended before", Assert.Single(hangup.Problems!).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_megabyte_burst_parses_completely_in_one_buffer()
    {
        var one = Samples["event"];
        var count = 1024 * 1024 / Encoding.UTF8.GetByteCount(one) + 1;
        var frames = ParseWhole(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(one, count))));
        Assert.Equal(count, frames.Count);
        Assert.All(frames, f => Assert.Equal("Newchannel", f.Message!.Event));
    }
}
