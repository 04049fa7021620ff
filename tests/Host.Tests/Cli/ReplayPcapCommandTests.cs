using System.Text.Json;
using Middleware.TestSupport;

namespace Middleware.Host.Tests.Cli;

/// <summary>`middleware replay pcap` on the sample capture (real Kamailio, sipp and G.711, see samples/captures).</summary>
public sealed class ReplayPcapCommandTests : IDisposable
{
    private static readonly string Capture = Path.Combine(AppContext.BaseDirectory, "captures", "hold-transfer.pcapng");
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_capture_cut_in_half_says_it_is_damaged_and_how_far_it_was_read()
    {
        // Before: 234 of 440 packets read, exit 0, not a word about the damage (issue 16, item 6).
        var whole = await File.ReadAllBytesAsync(Capture);
        var cut = _dir.File("cut.pcapng");
        await File.WriteAllBytesAsync(cut, whole[..65000]); // inside a block: a cut at a block's end is a shorter capture, whole

        var (code, _, stderr) = await MiddlewareProcess.RunAsync(["replay", "pcap", cut]);

        Assert.Equal(0, code);
        Assert.Contains($"the capture is damaged: libpcap stopped after 234 packet(s) of 65000 bytes: truncated", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_whole_capture_says_nothing_about_damage()
    {
        var (_, _, stderr) = await MiddlewareProcess.RunAsync(["replay", "pcap", Capture]);

        Assert.DoesNotContain("damaged", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_asr_pocketsphinx_each_legs_speech_comes_out_as_final_transcript_lines()
    {
        var (code, stdout, stderr) = await MiddlewareProcess.RunAsync(["replay", "pcap", Capture, "--asr", "pocketsphinx"]);

        Assert.Equal(0, code);
        var segments = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(l => l.GetProperty("kind").GetString() == "TranscriptSegment").ToList();
        Assert.Equal(["Agent", "Caller"], segments.Select(s => s.GetProperty("speaker").GetString()).Order());
        Assert.All(segments, s => Assert.True(s.GetProperty("final").GetBoolean()));
        Assert.All(segments, s => Assert.InRange(s.GetProperty("start").GetDouble(), 0.5, 2));
        Assert.All(segments, s => Assert.True(s.GetProperty("end").GetDouble() > s.GetProperty("start").GetDouble() + 2));
        var agent = segments.Single(s => s.GetProperty("speaker").GetString() == "Agent").GetProperty("text").GetString()!;
        var caller = segments.Single(s => s.GetProperty("speaker").GetString() == "Caller").GetProperty("text").GetString()!;
        Assert.Contains("thank you for calling", agent); // the capture's agent: "thank you for calling, let me look that up for you right away"
        Assert.Contains("i would like to check", caller); // its caller: "hello, i would like to check the status of my order please"
        Assert.Contains("2 final segment(s)", stderr);
    }

    [Fact]
    public async Task With_asr_whisper_a_bad_model_file_is_refused_by_name_before_the_native_loader_sees_it()
    {
        var model = Path.Combine(_dir.Path, "ggml-small.bin");
        File.WriteAllText(model, "<html>404 Not Found</html>"); // what a failed download leaves behind

        var (code, stdout, stderr) = await MiddlewareProcess.RunAsync(["replay", "pcap", Capture, "--asr", "whisper", "--whisper-model", model]);

        Assert.Equal(1, code); // a clean exit code: the process was not aborted inside whisper.cpp
        Assert.Empty(stdout);
        Assert.Contains($"Whisper model {model}: has magic 0x6d74683c, not ggml 0x67676d6c", stderr);
        Assert.Contains("asr.whisper.model_path", stderr);
    }

    [Fact]
    public async Task An_unknown_asr_engine_is_refused_by_name()
    {
        var (code, _, stderr) = await MiddlewareProcess.RunAsync(["replay", "pcap", Capture, "--asr", "siri"]);

        Assert.Equal(1, code);
        Assert.Contains("unknown speech engine 'siri'", stderr);
    }

    [Fact]
    public async Task A_capture_prints_the_calls_as_json_lines_like_replay_ami_and_writes_a_wav_per_leg()
    {
        var wavs = Path.Combine(_dir.Path, "legs");

        var (code, stdout, stderr) = await MiddlewareProcess.RunAsync(["replay", "pcap", Capture, "--source", "mirror", "--wav-out", wavs, "--internal-numbers", "^8\\d{3}$"]);

        Assert.Equal(0, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(
            ["CallStarted", "CallRinging", "CallAnswered", "DtmfReceived", "CallHeld", "CallResumed", "CallTransferred", "CallEnded", "MediaQuality", "MediaQuality"],
            lines.Select(l => l.GetProperty("kind").GetString()));
        Assert.All(lines, l => Assert.Equal("mirror", l.GetProperty("source").GetString()));
        Assert.Single(lines.Select(l => l.GetProperty("callId").GetString()).Distinct());
        Assert.Equal("inbound", lines[0].GetProperty("direction").GetString()!.ToLowerInvariant());
        Assert.Equal("8002", lines[6].GetProperty("target").GetString());
        Assert.Equal("9", lines[3].GetProperty("digit").GetString());
        Assert.All(lines.Skip(8), l => Assert.Equal(0, l.GetProperty("lost").GetInt64()));
        Assert.Contains("1 call(s)", stderr);
        Assert.Contains("0 rejected", stderr);
        Assert.Equal(2, Directory.GetFiles(wavs, "*.wav").Length);
        Assert.All(Directory.GetFiles(wavs, "*.wav"), f => Assert.InRange(new FileInfo(f).Length, 44 + (2 * 8000 * 3), 44 + (2 * 8000 * 5))); // 3.5-4 s of speech each
    }

    [Fact]
    public async Task A_file_that_is_not_a_capture_is_named_with_the_reason_and_exits_1()
    {
        var file = _dir.File("notes.pcap");
        await File.WriteAllTextAsync(file, "these are meeting notes, not packets");

        var (code, stdout, stderr) = await MiddlewareProcess.RunAsync(["replay", "pcap", file]);

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.Contains("cannot read", stderr);
        Assert.Contains("notes.pcap", stderr);
    }
}
