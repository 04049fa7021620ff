using System.Diagnostics;

namespace Middleware.TestSupport.Sip;

/// <summary>
/// Runs sipp (Debian's sip-tester) with one of the scenarios here, its placeholders (@NAME@)
/// filled in, on free loopback ports. A failed scenario throws with sipp's own error log.
/// </summary>
public sealed class Sipp : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dir;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    private Sipp(Process process, string dir, int port, int mediaPort)
    {
        _process = process;
        _dir = dir;
        Port = port;
        MediaPort = mediaPort;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public int Port { get; }

    public int MediaPort { get; }

    /// <param name="remote">host:port to call (UAC); null for a UAS.</param>
    /// <param name="service">The number dialled (the Request-URI user).</param>
    /// <param name="mediaPort">First of four UDP ports for its RTP; free ones when null.</param>
    public static async Task<Sipp> StartAsync(string scenario, IReadOnlyDictionary<string, string> values, string? remote = null, string service = "8001", int? port = null, int? mediaPort = null)
    {
        if (!File.Exists("/usr/bin/sipp"))
        {
            throw new InvalidOperationException("sipp is not installed (/usr/bin/sipp): run ./scripts/test.sh, which installs Debian's sip-tester");
        }

        var dir = Path.Combine(Path.GetTempPath(), "mw-sipp-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var xml = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Sip", scenario));
        foreach (var (key, value) in values)
        {
            xml = xml.Replace($"@{key}@", value);
        }

        var file = Path.Combine(dir, scenario);
        await File.WriteAllTextAsync(file, xml);
        var sipPort = port ?? Ports.FreeUdp();
        var media = mediaPort ?? Ports.FreeUdp(4); // sipp uses the port, +2 for its second stream, and RTCP beside each
        var info = new ProcessStartInfo("/usr/bin/sipp") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
        var args = new List<string> { "-sf", file, "-i", "127.0.0.1", "-p", sipPort.ToString(), "-mi", "127.0.0.1", "-mp", media.ToString(), "-m", "1", "-nostdin", "-trace_err", "-timeout", "60s", "-timeout_error" };
        if (remote is not null)
        {
            args.AddRange(["-s", service, remote]);
        }

        args.ForEach(info.ArgumentList.Add);
        return new Sipp(Process.Start(info)!, dir, sipPort, media);
    }

    /// <summary>Waits for the scenario to finish; throws with sipp's errors if it failed.</summary>
    public async Task WaitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        if (_process.ExitCode != 0)
        {
            var errors = string.Join("\n", Directory.GetFiles(_dir, "*_errors.log").Select(File.ReadAllText));
            throw new InvalidOperationException($"sipp exited {_process.ExitCode}: {await _stderr} {await _stdout} {errors}");
        }
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
