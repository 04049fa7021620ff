using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Middleware.TestSupport.ActiveMq;

/// <summary>
/// A real ActiveMQ 5.17 (Debian's package, installed by scripts/test.sh) started by the test on
/// free loopback ports with its data in a temp directory; it can be stopped and started again
/// with its persistent messages kept, or killed.
/// </summary>
public sealed class ActiveMqBroker : IAsyncDisposable
{
    private const string Jar = "/usr/share/activemq/bin/activemq.jar";
    private readonly string _base = Path.Combine(Path.GetTempPath(), "mw-activemq-" + Guid.NewGuid().ToString("N")[..8]);
    private Process? _process;

    private ActiveMqBroker()
    {
        StompPort = FreePort();
        OpenWirePort = FreePort();
    }

    public int StompPort { get; }

    public int OpenWirePort { get; }

    public static async Task<ActiveMqBroker> StartAsync()
    {
        if (!File.Exists(Jar))
        {
            throw new InvalidOperationException($"ActiveMQ is not installed ({Jar} missing): run ./scripts/test.sh, which installs Debian's activemq");
        }

        var broker = new ActiveMqBroker();
        Directory.CreateDirectory(Path.Combine(broker._base, "conf"));
        Directory.CreateDirectory(Path.Combine(broker._base, "tmp"));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "ActiveMq", "activemq.xml"), Path.Combine(broker._base, "conf", "activemq.xml"));
        await broker.StartProcessAsync();
        return broker;
    }

    private async Task StartProcessAsync()
    {
        var conf = Path.Combine(_base, "conf");
        var info = new ProcessStartInfo("java")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
        {
            "-Xmx256m", "-Xss512k", $"-Djava.io.tmpdir={_base}/tmp", $"-Dactivemq.classpath={conf}", "-Dactivemq.home=/usr/share/activemq",
            $"-Dactivemq.base={_base}", $"-Dactivemq.conf={conf}", $"-Dactivemq.data={_base}/data",
            $"-Dmw.stomp.port={StompPort}", $"-Dmw.openwire.port={OpenWirePort}", "-jar", Jar, "start", $"xbean:file:{conf}/activemq.xml",
        })
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info)!;
        var log = Path.Combine(_base, "broker.log");
        _ = Task.Run(async () => await File.AppendAllTextAsync(log, await _process.StandardOutput.ReadToEndAsync()));
        _ = Task.Run(async () => await File.AppendAllTextAsync(log, await _process.StandardError.ReadToEndAsync()));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await AcceptsAsync(StompPort))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"ActiveMQ did not start (see {log})");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Stops the broker (SIGKILL when <paramref name="crash"/>, else a clean stop) and waits for it to go.</summary>
    public async Task StopAsync(bool crash = false)
    {
        if (_process is null || _process.HasExited)
        {
            return;
        }

        if (crash)
        {
            _process.Kill(entireProcessTree: true);
        }
        else
        {
            Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(cts.Token);
        while (await AcceptsAsync(StompPort))
        {
            await Task.Delay(50);
        }
    }

    public Task RestartAsync() => StartProcessAsync();

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(crash: true);
        _process?.Dispose();
        try
        {
            Directory.Delete(_base, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
