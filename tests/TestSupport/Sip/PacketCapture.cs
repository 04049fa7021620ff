using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Middleware.TestSupport.Sip;

/// <summary>dumpcap (Debian's wireshark-common) writing what crosses loopback to a pcapng file, stopped when disposed.</summary>
public sealed class PacketCapture : IAsyncDisposable
{
    private readonly Process _process;

    private PacketCapture(Process process, string path)
    {
        _process = process;
        Path = path;
    }

    public string Path { get; }

    public static async Task<PacketCapture> StartAsync(string path, string filter)
    {
        if (!File.Exists("/usr/bin/dumpcap"))
        {
            throw new InvalidOperationException("dumpcap is not installed: run ./scripts/test.sh, which installs Debian's wireshark-common");
        }

        var info = new ProcessStartInfo("/usr/bin/dumpcap") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-i", "lo", "-f", filter, "-w", path })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;

        // dumpcap says "Capturing on 'Loopback: lo'" once the capture runs; packets before that are not in the file.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        var stderr = process.StandardError;
        while (DateTime.UtcNow < deadline)
        {
            var line = await stderr.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(15));
            if (line is null)
            {
                throw new InvalidOperationException($"dumpcap exited {process.ExitCode} before capturing");
            }

            if (line.Contains("Capturing on", StringComparison.Ordinal))
            {
                _ = stderr.ReadToEndAsync();
                return new PacketCapture(process, path);
            }
        }

        throw new InvalidOperationException("dumpcap did not start capturing");
    }

    /// <summary>
    /// Returns once everything sent before the call is in the file. The kernel hands packets to
    /// dumpcap in blocks and a stop discards a block not yet handed over, so a marker datagram is
    /// sent (to a port the filter must let through) until dumpcap has written it; packets on
    /// loopback arrive in order, so all earlier ones are written too.
    /// </summary>
    public async Task FlushAsync(int markerPort, TimeSpan timeout)
    {
        var marker = Encoding.ASCII.GetBytes("mw-capture-flush-" + Guid.NewGuid().ToString("N"));
        using var socket = new UdpClient(AddressFamily.InterNetwork);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            await socket.SendAsync(marker, new IPEndPoint(IPAddress.Loopback, markerPort));
            for (var i = 0; i < 10; i++)
            {
                await Task.Delay(50);
                if (Contains(marker))
                {
                    return;
                }
            }
        }

        throw new TimeoutException($"dumpcap did not write the marker datagram to {Path} within {timeout}");
    }

    private bool Contains(byte[] marker)
    {
        using var file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        file.CopyTo(copy);
        return copy.GetBuffer().AsSpan(0, (int)copy.Length).IndexOf(marker) >= 0;
    }

    /// <summary>Stops the capture (SIGINT, so dumpcap finishes the file) and waits for it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-INT", _process.Id.ToString()]);
            await kill.WaitForExitAsync();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
    }
}
