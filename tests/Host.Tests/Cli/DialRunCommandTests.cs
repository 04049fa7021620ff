using Middleware.TestSupport;

namespace Middleware.Host.Tests.Cli;

/// <summary>`middleware dial run` as a user runs it against the emulated PBX: every contact dialled once, the figures line, refusals with exit 2.</summary>
public sealed class DialRunCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_small_campaign_is_dialled_through_the_emulated_pbx_and_ends_with_the_figures_line()
    {
        var csv = _dir.File("small-campaign.csv");
        await File.WriteAllTextAsync(csv, "id,number,name\nc1,13800000011,Zhang Wei\nc2,13800000012,Li Na\nc3,13800000013,Wang Fang\nc4,13800000014,Liu Yang\n" +
                                          "c5,13800000015,Chen Jing\nc6,13800000016,Yang Lei\nc7,021-1234,Too Short\n");

        var (code, stdout, stderr) = await MiddlewareProcess.RunAsync(["dial", "run", "--campaign", csv, "--speed", "50", "--window", "00:00-23:59",
            "--max-attempts", "1", "--journal", _dir.File("run.db"), "--seed", "5"]);

        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("line 8:", stderr, StringComparison.Ordinal); // the short number refused by line
        Assert.Contains("6 contact(s) imported, 1 row(s) refused", stdout, StringComparison.Ordinal);
        var last = stdout.TrimEnd().Split('\n')[^1];
        Assert.Matches(@"^talk_min_per_agent_hour=\d+\.\d abandon_rate=0\.0\d{3} connect_rate=[01]\.\d{4} calls=6$", last);
        Assert.True(new FileInfo(_dir.File("run.db")).Length > 0, "the run is journaled");
    }

    [Theory]
    [InlineData("--ami", "no-port")]
    [InlineData("--window", "9 to 5")]
    [InlineData("--time-zone", "Mars/Olympus")]
    [InlineData("--abandon-message", "dialer-abandon")]
    public async Task Bad_arguments_are_refused_with_exit_2_naming_the_option(string option, string value)
    {
        var csv = _dir.File("c.csv");
        await File.WriteAllTextAsync(csv, "id,number\nc1,13800000011\n");

        var (code, _, stderr) = await MiddlewareProcess.RunAsync(["dial", "run", "--campaign", csv, option, value]);

        Assert.Equal(2, code);
        Assert.Contains(option == "--time-zone" ? "time zone" : option, stderr, StringComparison.Ordinal);
    }
}
