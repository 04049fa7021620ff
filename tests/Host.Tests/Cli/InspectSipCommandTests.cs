using System.Text.RegularExpressions;
using Middleware.TestSupport;

namespace Middleware.Host.Tests.Cli;

/// <summary>`middleware inspect sip` as a user runs it, on the RFC 4475 torture messages.</summary>
public sealed class InspectSipCommandTests : IDisposable
{
    private static readonly string[] Invalid =
        ["badinv01", "clerr", "ncl", "scalar02", "scalarlg", "quotbal", "ltgtruri", "lwsruri", "lwsstart", "trws", "escruri",
         "baddate", "regbadct", "badaspec", "baddn", "badvers", "mismatch01", "mismatch02", "bigcode", "insuf", "multi01", "mcl01"];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Torture(string name) => Path.Combine(AppContext.BaseDirectory, "rfc4475", name + ".dat");

    [Fact]
    public async Task A_valid_message_prints_its_structure_and_exits_0()
    {
        var (code, stdout, _) = await MiddlewareProcess.RunAsync(["inspect", "sip", Torture("wsinv")]);

        Assert.Equal(0, code);
        Assert.StartsWith("request INVITE sip:vivekg@chair-dnrc.example.com;unknownparam\n", stdout);
        Assert.Contains("call-id  wsinv.ndaksdj@192.0.2.1", stdout);
        Assert.Contains("body: 150 byte(s)", stdout);
        Assert.EndsWith("valid", stdout.TrimEnd());
    }

    [Fact]
    public async Task An_invalid_message_prints_the_reason_and_exits_3()
    {
        var (code, stdout, _) = await MiddlewareProcess.RunAsync(["inspect", "sip", Torture("insuf")]);

        Assert.Equal(3, code);
        Assert.Equal("invalid: missing required header(s): Call-ID, From, To (at byte 152)", stdout.Trim());
    }

    [Fact]
    public async Task Every_torture_message_gets_the_rfc_verdict_in_one_run()
    {
        var names = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "rfc4475"), "*.dat").Select(Path.GetFileNameWithoutExtension).Order().ToList();
        Assert.Equal(48, names.Count);

        var (code, stdout, _) = await MiddlewareProcess.RunAsync(["inspect", "sip", .. names.Select(n => Torture(n!))]);

        Assert.Equal(3, code);
        var verdicts = Regex.Matches(stdout, @"^== (\S+)\.dat\n(?:.*\n)*?(valid|invalid: .*)$", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        Assert.Equal(names, verdicts.Keys.Order());
        Assert.All(verdicts, v => Assert.Equal(Invalid.Contains(v.Key), v.Value.StartsWith("invalid: ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_missing_file_is_named_and_exits_1()
    {
        var (code, _, stderr) = await MiddlewareProcess.RunAsync(["inspect", "sip", _dir.File("nope.sip")]);

        Assert.Equal(1, code);
        Assert.Contains("no such file", stderr);
        Assert.Contains("nope.sip", stderr);
    }
}
