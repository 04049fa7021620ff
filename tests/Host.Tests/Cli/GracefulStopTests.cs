using System.Diagnostics;
using Middleware.Core.Journal;
using Middleware.TestSupport;

namespace Middleware.Host.Tests.Cli;

/// <summary>
/// `middleware run` as systemd and `docker stop` stop it (issue 16, item 1): before, with HTTP on it
/// ignored SIGINT and SIGTERM (ASP.NET Core's console lifetime took them and stopped only the web
/// server); with HTTP off it died at once, the journal left with its WAL to recover.
/// </summary>
public sealed class GracefulStopTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Theory]
    [InlineData("TERM", true)]
    [InlineData("INT", false)]
    public async Task A_stop_signal_drains_closes_the_journal_and_exits_0(string signal, bool http)
    {
        var journal = _dir.File("journal.db");
        var config = _dir.File("run.yaml");
        await File.WriteAllTextAsync(config, $"journal:\n  path: {journal}\nsources:\n  ami: []\nhttp:\n  enabled: {(http ? "true" : "false")}\n  address: http://127.0.0.1:0\n");
        using var child = Process.Start(MiddlewareProcess.StartInfo(["run", "--config", config]))!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        var lines = new List<string>();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (await child.StandardError.ReadLineAsync(limit.Token) is { } line)
        {
            lines.Add(line);
            if (line.Contains("running; SIGINT or SIGTERM stops it", StringComparison.Ordinal))
            {
                break;
            }
        }

        Assert.True(http == lines.Any(l => l.Contains("ops console on", StringComparison.Ordinal)), string.Join('\n', lines));
        using (var kill = Process.Start("kill", ["-" + signal, child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(limit.Token);
        }

        lines.AddRange((await child.StandardError.ReadToEndAsync(limit.Token)).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        await child.WaitForExitAsync(limit.Token);
        await stdout;

        var log = string.Join('\n', lines);
        Assert.True(child.ExitCode == 0, $"exit {child.ExitCode}\n{log}");
        Assert.Single(lines, l => l.Contains($"stopping (SIG{signal}): draining sources, pipeline and write-backs", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("journal closed", StringComparison.Ordinal));
        await using var reopened = await SqliteJournal.OpenAsync(new JournalOptions { Path = journal });
        Assert.Null(reopened.Recovery); // closed cleanly: no WAL left to recover
    }

    public void Dispose() => _dir.Dispose();
}
