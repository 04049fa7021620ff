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

    /// <param name="stdin">Written to the program's standard input, which is then closed (null: no input redirected).</param>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IEnumerable<string> args, Dictionary<string, string>? env = null, string? stdin = null)
    {
        var info = StartInfo(args, env);
        info.RedirectStandardInput = stdin is not null;
        info.StandardInputEncoding = stdin is null ? null : new System.Text.UTF8Encoding(false);
        info.StandardOutputEncoding = System.Text.Encoding.UTF8;
        using var process = Process.Start(info)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
