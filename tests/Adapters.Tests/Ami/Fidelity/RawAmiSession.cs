using System.Net.Sockets;
using System.Text;
using Middleware.Adapters.Ami.Protocol;
using Middleware.TestSupport;
using static Middleware.Adapters.Tests.Ami.Fidelity.Asterisk22Transcripts;

namespace Middleware.Adapters.Tests.Ami.Fidelity;

/// <summary>
/// A bare TCP socket on the emulator's AMI port, logged in as the middleware: the tests send bytes and
/// read back every byte the emulator wrote, so what they assert is the wire, not a client's reading of it.
/// </summary>
internal sealed class RawAmiSession : IAsyncDisposable
{
    private readonly TcpClient _socket = new();
    private readonly StringBuilder _received = new();
    private Task _reading = Task.CompletedTask;

    public static async Task<RawAmiSession> LoginAsync(int port)
    {
        var session = new RawAmiSession();
        await session._socket.ConnectAsync("127.0.0.1", port);
        session._reading = Task.Run(session.ReadAsync);
        await session.SendAsync("Action: Login\r\nActionID: l1\r\nUsername: middleware\r\nSecret: middleware-secret\r\n\r\n");
        await Eventually.True(() => session.Received().Contains("Authentication accepted", StringComparison.Ordinal), "the login");
        return session;
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[8192];
        int n;
        while ((n = await _socket.GetStream().ReadAsync(buffer)) > 0)
        {
            lock (_received)
            {
                _received.Append(Encoding.UTF8.GetString(buffer, 0, n));
            }
        }
    }

    /// <summary>Every byte received so far, as text.</summary>
    public string Received()
    {
        lock (_received)
        {
            return _received.ToString();
        }
    }

    public Task SendAsync(string text) => _socket.GetStream().WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask();

    public List<AmiMessage> Events() => Messages(Encoding.UTF8.GetBytes(Received())).Where(m => m.IsEvent).ToList();

    /// <summary>The first event that matches, once one has arrived.</summary>
    public async Task<AmiMessage> EventuallyOne(Func<AmiMessage, bool> match, string what)
    {
        await Eventually.True(() => Events().Any(match), what, state: Received);
        return Events().First(match);
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        try
        {
            await _reading;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
        }
    }
}
