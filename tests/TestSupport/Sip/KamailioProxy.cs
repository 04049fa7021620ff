using System.Diagnostics;

namespace Middleware.TestSupport.Sip;

/// <summary>
/// A real Kamailio (Debian's package, installed by scripts/test.sh) as a record-routing proxy on a
/// free loopback port, forwarding every new call to one UAS and mirroring all SIP as HEP to the
/// middleware. It forks; it is stopped by the PID in its pid file.
/// </summary>
public sealed class KamailioProxy : IAsyncDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mw-kamailio-" + Guid.NewGuid().ToString("N")[..8]);

    private KamailioProxy(int port) => Port = port;

    public int Port { get; }

    public string Log => Path.Combine(_dir, "kamailio.log");

    public static async Task<KamailioProxy> StartAsync(int hepPort, int uasPort, int hepVersion = 3)
    {
        if (!File.Exists("/usr/sbin/kamailio"))
        {
            throw new InvalidOperationException("Kamailio is not installed (/usr/sbin/kamailio): run ./scripts/test.sh, which installs Debian's kamailio");
        }

        var proxy = new KamailioProxy(Ports.FreeUdp());
        Directory.CreateDirectory(proxy._dir);
        var config = (await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Sip", "kamailio-hep.cfg")))
            .Replace("@PROXY_PORT@", proxy.Port.ToString()).Replace("@HEP_PORT@", hepPort.ToString())
            .Replace("@UAS_PORT@", uasPort.ToString()).Replace("@HEP_VERSION@", hepVersion.ToString());
        var cfg = Path.Combine(proxy._dir, "kamailio.cfg");
        await File.WriteAllTextAsync(cfg, config);
        // Through a shell with stdio sent to the log file: the forked daemon inherits stdio, so a pipe
        // to this process would never reach end of file.
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var arg in new[] { "-c", "exec /usr/sbin/kamailio -f \"$1\" -P \"$2\" -w \"$3\" >\"$4\" 2>&1 </dev/null", "kamailio", cfg, Path.Combine(proxy._dir, "kamailio.pid"), proxy._dir, proxy.Log })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30)); // the parent exits once the daemon is up
        if (process.ExitCode != 0 || proxy.Pid is null)
        {
            throw new InvalidOperationException($"kamailio did not start (exit {process.ExitCode}): {await File.ReadAllTextAsync(proxy.Log)}");
        }

        return proxy;
    }

    private int? Pid
    {
        get
        {
            var file = Path.Combine(_dir, "kamailio.pid");
            return File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), out var pid) ? pid : null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Pid is { } pid)
        {
            try
            {
                using var main = Process.GetProcessById(pid);
                main.Kill(entireProcessTree: true);
                await main.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (ArgumentException)
            {
                // already gone
            }
        }
    }
}
