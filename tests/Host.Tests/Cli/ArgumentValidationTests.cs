using Middleware.TestSupport;

namespace Middleware.Host.Tests.Cli;

/// <summary>
/// Nonsense on the command line fails up front with one line naming the option and exit 2
/// (issue 16, item 12): before, each of these ended in a .NET stack trace (some only after the
/// whole input was read), or ran: "-1126 events/s".
/// </summary>
public sealed class ArgumentValidationTests : IDisposable
{
    private static readonly string Capture = Path.Combine(AppContext.BaseDirectory, "captures", "hold-transfer.pcapng");
    private readonly TempDirectory _dir = new();

    public static TheoryData<string, string> Mistakes() => new()
    {
        { "replay pcap {capture} --internal-numbers ([", "middleware replay pcap: --internal-numbers: '([' is not a regular expression" },
        { "replay pcap {capture} --wav-out /proc/nope", "middleware replay pcap: --wav-out: cannot write in /proc/nope" },
        { "report trends --journal {journal} --out {dir}/r.html --tz banana", "middleware report trends: --tz: 'banana' is not a UTC offset" },
        { "report trends --journal {text} --out {dir}/r.html", "middleware report trends: --journal: {text} is not a SQLite journal" },
        { "replay journal {text}", "middleware replay journal: db: {text} is not a SQLite journal" },
        { "report trends --journal {journal} --out /proc/x/r.html", "middleware report trends: --out: cannot write in /proc/x" },
        { "bench journal --db /proc/nope/x.db", "middleware bench journal: --db: cannot write in /proc/nope" },
        { "bench journal --db {dir}/b.db --events -5", "middleware bench journal: --events: must be a whole number above 0" },
        { "bench journal --db {dir}/b.db --writers 0", "middleware bench journal: --writers: must be a whole number above 0" },
        { "demo --speed 0", "middleware demo: --speed: must be a number above 0" },
        { "demo --speed -5", "middleware demo: --speed: must be a number above 0" },
        { "run", "middleware run: Option '--config' is required." },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task A_bad_argument_is_one_line_naming_it_and_exit_2(string command, string expected)
    {
        var text = _dir.File("not-a-journal.db");
        await File.WriteAllTextAsync(text, "just text\n");
        var journal = _dir.File("journal.db");
        await File.WriteAllBytesAsync(journal, "SQLite format 3\0"u8.ToArray());
        string Fill(string s) => s.Replace("{capture}", Capture, StringComparison.Ordinal).Replace("{journal}", journal, StringComparison.Ordinal)
            .Replace("{text}", text, StringComparison.Ordinal).Replace("{dir}", _dir.Path, StringComparison.Ordinal);

        var (code, stdout, stderr) = await MiddlewareProcess.RunAsync(Fill(command).Split(' '));

        Assert.Equal(2, code);
        Assert.StartsWith(Fill(expected), stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(stdout);
    }

    public void Dispose() => _dir.Dispose();
}
