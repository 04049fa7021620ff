using Middleware.TestSupport;

namespace Middleware.Host.Tests.Cli;

/// <summary>`middleware simulate` as a user runs it: the one-line result, the report, and refusals with exit 2.</summary>
public sealed class SimulateCommandTests : IDisposable
{
    private static readonly string NormalDay = Path.Combine(AppContext.BaseDirectory, "simulator", "normal-day.yaml");
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_run_ends_with_the_figures_line_and_the_same_seed_repeats_it()
    {
        string[] args = ["simulate", "--scenario", NormalDay, "--routing", "legacy:leastrecent", "--seed", "4", "--days", "2"];
        var (code, stdout, stderr) = await MiddlewareProcess.RunAsync(args);
        var again = await MiddlewareProcess.RunAsync(args);

        Assert.True(code == 0, stderr);
        var last = stdout.TrimEnd().Split('\n')[^1];
        Assert.Matches(@"^asa_s=\d+\.\d abandon_rate=0\.\d{4} service_level=[01]\.\d{4} fcr=0\.\d{4} occupancy=0\.\d{4}$", last);
        Assert.Equal(stdout, again.Stdout);
    }

    [Fact]
    public async Task The_report_compares_every_policy_with_intervals()
    {
        var html = _dir.File("day.html");
        var (code, stdout, stderr) = await MiddlewareProcess.RunAsync(["simulate", "--scenario", NormalDay, "--out", html, "--seeds", "3"]);

        Assert.True(code == 0, stderr);
        var page = await File.ReadAllTextAsync(html);
        foreach (var policy in new[] { "legacy:ringall", "legacy:leastrecent", "legacy:fewestcalls", "legacy:rrmemory", "legacy:linear", "legacy:random", "legacy:wrandom", "hints" })
        {
            Assert.Contains(policy, page);
            Assert.Contains(policy, stdout);
        }

        Assert.Matches("±|&#177;|&plusmn;", page);
        Assert.Contains("<svg", page);
        Assert.Equal(1 + (8 * 3), File.ReadAllLines(Path.ChangeExtension(html, ".csv")).Length);
    }

    [Theory]
    [InlineData("--routing", "legacy:roundrobin", "unknown routing 'legacy:roundrobin'")]
    [InlineData("--days", "0", "--days must be 1 to 100000")]
    public async Task Nonsense_arguments_get_one_line_and_exit_2(string option, string value, string message)
    {
        var (code, _, stderr) = await MiddlewareProcess.RunAsync(["simulate", "--scenario", NormalDay, option, value]);

        Assert.Equal(2, code);
        Assert.Contains(message, stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public async Task A_wired_window_longer_than_a_day_is_refused_before_any_pbx_starts()
    {
        var (code, stdout, stderr) = await MiddlewareProcess.RunAsync(["simulate", "--scenario", NormalDay, "--wired", "--hours", "25"]);

        Assert.Equal(2, code);
        Assert.Contains("--hours must be at most 24", stderr);
        Assert.DoesNotContain("asa_s=", stdout);
    }

    [Fact]
    public async Task A_scenario_with_an_unknown_key_names_file_line_and_key()
    {
        var file = _dir.File("bad.yaml");
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(NormalDay)).Replace("patience_seconds:", "patiense_seconds:", StringComparison.Ordinal));

        var (code, _, stderr) = await MiddlewareProcess.RunAsync(["simulate", "--scenario", file]);

        Assert.Equal(2, code);
        Assert.Matches(@"bad\.yaml:\d+:\d+: patiense_seconds", stderr);
    }
}
