using System.Diagnostics;
using Middleware.Samples.Ami;
using Middleware.Samples.Pbx;
using Middleware.TestSupport;

namespace Middleware.Host.Tests.Cli;

public sealed class AmiTailCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Tail_prints_a_live_pbxs_events_as_json_lines()
    {
        await using var pbx = new AmiEmulator(new AmiEmulatorOptions { Speed = 50 });
        await pbx.StartAsync();
        var config = _dir.File("tail.yaml");
        await File.WriteAllTextAsync(config, $"""
            sources:
              ami:
                - name: pbx-tail
                  port: {pbx.Port}
                  username: middleware
                  secret: ${"{"}ENV:TAIL_SECRET{"}"}
            logging:
              level: warning
            """);
        using var child = Process.Start(MiddlewareProcess.StartInfo(["ami", "tail", "--config", config], new() { ["TAIL_SECRET"] = "middleware-secret" }))!;
        try
        {
            var lines = new List<string>();
            var reading = Task.Run(async () =>
            {
                while (await child.StandardOutput.ReadLineAsync() is { } line)
                {
                    lock (lines)
                    {
                        lines.Add(line);
                    }

                    if (line.Contains("\"kind\":\"CallStarted\"", StringComparison.Ordinal))
                    {
                        return;
                    }
                }
            });
            var errors = child.StandardError.ReadToEndAsync();
            await Eventually.True(() => pbx.LoggedInSessions > 0 || child.HasExited, "ami tail to log in");
            if (pbx.LoggedInSessions == 0)
            {
                Assert.Fail("ami tail exited before logging in: " + await errors);
            }

            PbxCall.Inbound(pbx.Pbx, "13800138000", "王芳", "4008001234");
            await reading.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Contains(lines, l => l.Contains("\"callerNumber\":\"13800138000\"", StringComparison.Ordinal) && l.Contains("\"source\":\"pbx-tail\"", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.Contains("\"status\":\"connected\"", StringComparison.Ordinal));
        }
        finally
        {
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
        }
    }

    public void Dispose() => _dir.Dispose();
}
