using System.Text.Json;
using Middleware.TestSupport;

namespace Middleware.Host.Tests.Cli;

public sealed class ReplayAmiCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private static string Transcript => Path.Combine(AppContext.BaseDirectory, "transcripts", "asterisk18-demo-morning.txt");

    [Fact]
    public async Task A_recorded_transcript_prints_one_json_line_per_event_and_a_summary()
    {
        var (code, stdout, stderr) = await MiddlewareProcess.RunAsync(["replay", "ami", Transcript, "--source", "pbx-main"]);

        Assert.Equal(0, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(12, lines.Count(l => l.GetProperty("kind").GetString() == "CallStarted"));
        Assert.All(lines, l => Assert.Equal("pbx-main", l.GetProperty("source").GetString()));
        var started = lines.First(l => l.GetProperty("kind").GetString() == "CallStarted");
        Assert.StartsWith("pbx-main:", started.GetProperty("callId").GetString(), StringComparison.Ordinal);
        Assert.Equal("13800138000", started.GetProperty("callerNumber").GetString());
        Assert.True(started.TryGetProperty("occurredAt", out _));
        Assert.Contains("0 framing error(s)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_framing_is_reported_with_its_byte_offset_and_the_run_goes_on()
    {
        var good = await File.ReadAllTextAsync(Transcript);
        var cut = good.IndexOf("Event: Newchannel", StringComparison.Ordinal);
        var damaged = good[..cut] + "\u0001garbage line without a colon\r\n" + good[cut..];
        var file = _dir.File("damaged.txt");
        await File.WriteAllTextAsync(file, damaged);
        var offset = System.Text.Encoding.UTF8.GetByteCount(good[..cut]);

        var (code, stdout, stderr) = await MiddlewareProcess.RunAsync(["replay", "ami", file]);

        Assert.Equal(0, code);
        Assert.Contains($"AMI framing error at byte {offset}", stderr, StringComparison.Ordinal);
        Assert.Equal(12, stdout.Split('\n').Count(l => l.Contains("\"kind\":\"CallEnded\"", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Client_actions_in_a_transcript_are_skipped()
    {
        var file = _dir.File("with-actions.txt");
        await File.WriteAllTextAsync(file, "Asterisk Call Manager/7.0.3\r\nAction: Login\r\nUsername: mw\r\nSecret: x\r\n\r\nResponse: Success\r\nMessage: Authentication accepted\r\n\r\n" +
            "Event: Newchannel\nChannel: PJSIP/t-1\nChannelState: 4\nCallerIDNum: 1\nUniqueid: 9.1\nLinkedid: 9.1\n\n");

        var (code, stdout, stderr) = await MiddlewareProcess.RunAsync(["replay", "ami", file]);

        Assert.Equal(0, code);
        Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("1 client action(s) skipped", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transcript_without_the_last_blank_line_reports_the_cut_message_at_its_absolute_offset_and_the_summary()
    {
        // Before: ArgumentOutOfRangeException in AmiFrameParser.NextLine, exit 1, no summary (issue 16, item 2).
        var first = "Event: Newchannel\r\nChannel: PJSIP/t-1\r\nUniqueid: 9.1\r\nLinkedid: 9.1\r\n\r\n";
        var file = _dir.File("cut.txt");
        await File.WriteAllTextAsync(file, first + "Event: X\r\nno colon here\r\nA: b\r\n");
        var badLine = first.Length + "Event: X\r\n".Length;

        var (code, stdout, stderr) = await MiddlewareProcess.RunAsync(["replay", "ami", file]);

        Assert.Equal(0, code);
        Assert.Contains($"AMI framing error at byte {badLine}: line without", stderr, StringComparison.Ordinal);
        Assert.Contains($"AMI framing error at byte {first.Length}: stream ended before the message's blank line", stderr, StringComparison.Ordinal);
        Assert.Contains("replay ami: 2 message(s)", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
        Assert.Equal(2, stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Random_bytes_end_in_framing_errors_and_the_summary_never_an_exception()
    {
        var bytes = new byte[300_000];
        new Random(16).NextBytes(bytes);
        var file = _dir.File("random.bin");
        await File.WriteAllBytesAsync(file, bytes);

        var (code, _, stderr) = await MiddlewareProcess.RunAsync(["replay", "ami", file]);

        Assert.Equal(0, code);
        Assert.Contains("replay ami: ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
