using System.Diagnostics;
using System.Text;
using Middleware.Samples.Ami;
using Middleware.Samples.Pbx;
using Middleware.TestSupport;

namespace Middleware.Host.Tests.Cli;

public sealed class AmiRecordCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Record_writes_the_live_session_after_login_and_replay_reads_it_back()
    {
        await using var pbx = new AmiEmulator(new AmiEmulatorOptions { Speed = 50 });
        await pbx.StartAsync();
        var config = _dir.File("record.yaml");
        var output = _dir.File("pbx.ami");
        await File.WriteAllTextAsync(config, $"""
            sources:
              ami:
                - name: pbx-rec
                  port: {pbx.Port}
                  username: middleware
                  secret: middleware-secret
            logging:
              level: warning
            """);
        using var child = Process.Start(MiddlewareProcess.StartInfo(["ami", "record", "--config", config, "--out", output], []))!;
        try
        {
            await Eventually.True(() => pbx.LoggedInSessions > 0 || child.HasExited, "ami record to log in");
            Assert.False(child.HasExited, "ami record exited: " + (child.HasExited ? await child.StandardError.ReadToEndAsync() : ""));
            PbxCall.Inbound(pbx.Pbx, "13800138000", "王芳", "4008001234").Hangup(byCaller: true);
            await Eventually.True(() => File.Exists(output) && Read(output).Contains("Event: Hangup", StringComparison.Ordinal), "the call recorded");
        }
        finally
        {
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
        }

        Assert.StartsWith("Event: FullyBooted", Read(output), StringComparison.Ordinal);
        var (code, stdout, _) = await MiddlewareProcess.RunAsync(["replay", "ami", output, "--source", "pbx-rec"]);
        Assert.Equal(0, code);
        Assert.Contains("\"callerNumber\":\"13800138000\"", stdout, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"CallEnded\"", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Record_without_such_a_source_says_so()
    {
        var config = _dir.File("none.yaml");
        await File.WriteAllTextAsync(config, "logging:\n  level: warning\n");

        var (code, _, stderr) = await MiddlewareProcess.RunAsync(["ami", "record", "--config", config, "--out", _dir.File("x.ami")]);

        Assert.Equal(1, code);
        Assert.Contains("no AMI source configured", stderr, StringComparison.Ordinal);
    }

    private static string Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    public void Dispose() => _dir.Dispose();
}
