using System.Diagnostics;

namespace Middleware.Host.Tests.Cli;

/// <summary>Runs the real `middleware` program (the built middleware.dll) as a child process.</summary>
internal static class MiddlewareProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "middleware.dll");

    public static ProcessStartInfo StartInfo(IEnumerable<string> args, Dictionary<string, string>? env = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(Dll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            info.Environment[k] = v;
        }

        return info;
    }

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IEnumerable<string> args, Dictionary<string, string>? env = null)
    {
        using var process = Process.Start(StartInfo(args, env))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
