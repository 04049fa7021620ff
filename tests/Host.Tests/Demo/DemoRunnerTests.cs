using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Host.Demo;
using Middleware.TestSupport;

namespace Middleware.Host.Tests.Demo;

public sealed class DemoRunnerTests : IDisposable
{
    /// <summary>How much faster than real time the sample call center plays in tests.</summary>
    internal const double DemoSpeed = 20;

    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task The_demo_follows_every_call_of_the_sample_call_center_and_decides_on_each()
    {
        var output = new StringWriter();

        // ×20, not faster: a channel-variable write-back must reach a call that is still up, and on a
        // loaded 2-core machine the gate's turn came a second or more late, which at ×60 was a
        // minute of the call's life: calls had ended and the Setvar failed.
        var runner = new DemoRunner(new DemoOptions(Serve: false, Speed: DemoSpeed, DataDirectory: _dir.Path, RecordTranscript: _dir.File("demo.ami")), NullLoggerFactory.Instance, output);

        var code = await runner.RunAsync(CancellationToken.None);

        var text = output.ToString();
        Assert.True(code == 0, text);
        Assert.Contains("middleware saw:       12 calls, 10 answered, 2 abandoned, 1 transfer(s), 2 hold(s), 12 ended", text, StringComparison.Ordinal);
        Assert.Contains("12 of 12 calls had at least one", text, StringComparison.Ordinal);
        // The title is free text, so the number in it is redacted (docs/privacy.md); the ticket's customer number is kept.
        Assert.Contains("[high] Call back 李娜 ([PHONE])", text, StringComparison.Ordinal);
        Assert.Contains("prioritize", text.Replace("route-to-agent PJSIP/1001 priority 10", "prioritize", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(12, text.Split("━━ Call ").Length - 1); // the mirrored calls are told inside their PBX call
        // The SBC's HEP mirror of five conversations, joined by SIPCALLID, transcribed by PocketSphinx, understood.
        Assert.Contains("5 mirrored call(s), 5 joined to their PBX call; 5 caller and 5 agent segment(s) transcribed", text, StringComparison.Ordinal);
        Assert.Matches(@"TranscriptSegment +Caller: [a-z' ]*\bcard\b", text);
        Assert.Matches(@"IntentDetected +lost_or_stolen_card", text);
        Assert.Matches(@"EmotionReading +Caller (calm|neutral|frustrated|angry)", text);
        Assert.True(new FileInfo(_dir.File("demo.ami")).Length > 10_000);

        // The journal it leaves replays to the same story.
        var (replayCode, json, summary) = await Cli.MiddlewareProcess.RunAsync(["replay", "journal", _dir.File("journal.db")]);
        Assert.Equal(0, replayCode);
        // The PBX's 12 calls and the SBC's 5 mirror calls (the journal keeps each source's own call).
        Assert.Equal(17, json.Split('\n').Count(l => l.StartsWith("{\"kind\":\"CallEnded\"", StringComparison.Ordinal)));
        Assert.Contains("17 call(s)", summary, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
