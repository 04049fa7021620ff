using System.Net;
using System.Net.Sockets;

namespace Middleware.TestSupport;

/// <summary>Free loopback ports for real peers started by a test (ports are never hard-coded, so runs never collide).</summary>
public static class Ports
{
    private static int s_next = 20000 + Random.Shared.Next(0, 10000) * 2;

    public static int FreeTcp()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A UDP port free now, with the next <paramref name="span"/> − 1 ports free too (RTP needs n and n+1).</summary>
    public static int FreeUdp(int span = 1)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var start = Interlocked.Add(ref s_next, 4) % 40000 + 20000;
            start -= start % 2;
            var sockets = new List<Socket>();
            try
            {
                for (var i = 0; i < span; i++)
                {
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    sockets.Add(socket);
                    socket.Bind(new IPEndPoint(IPAddress.Loopback, start + i));
                }

                return start;
            }
            catch (SocketException)
            {
            }
            finally
            {
                sockets.ForEach(s => s.Dispose());
            }
        }

        throw new InvalidOperationException("no free UDP port range found");
    }
}
