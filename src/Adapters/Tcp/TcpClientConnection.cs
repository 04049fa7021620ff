using System.Net.Security;

namespace Middleware.Adapters.Tcp;

/// <summary>
/// An outbound TCP connection to a system the call center already runs (a PBX's AMI port, a
/// broker's STOMP port), optionally under TLS: connecting within the caller's deadline, the stream
/// to read and write, and a close that ends a read blocked on the socket at once. The protocols
/// above it (their handshakes, loops and timeouts) stay with their own connection types.
/// </summary>
public sealed class TcpClientConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ArrayBufferWriter<byte> _frame = new(4096);

    private TcpClientConnection(Socket socket, Stream stream)
    {
        _socket = socket;
        Stream = stream;
    }

    /// <summary>The byte stream: the socket's, or the TLS stream over it.</summary>
    public Stream Stream { get; }

    /// <summary>Connects (and authenticates the server, with <paramref name="tls"/>); on failure nothing is left open.</summary>
    /// <param name="cancellationToken">Carries the caller's deadline, which usually also covers its protocol's greeting.</param>
    public static async Task<TcpClientConnection> ConnectAsync(string host, int port, TlsServerCheck? tls, CancellationToken cancellationToken)
    {
        // Requests and their answers are small and latency-bound: no Nagle delay.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            if (tls is not null)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = tls.ServerName ?? host,
                    RemoteCertificateValidationCallback = (_, cert, _, errors) => tls.Accepts(cert, errors),
                }, cancellationToken).ConfigureAwait(false);
                stream = ssl;
            }

            return new TcpClientConnection(socket, stream);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes one protocol frame whole: frames from several senders (actions, acks, heart-beats)
    /// never interleave on the wire, and one buffer, reused under the lock, serves them all.
    /// </summary>
    public async Task WriteAsync<TState>(TState state, Action<IBufferWriter<byte>, TState> writeFrame, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _frame.ResetWrittenCount();
            writeFrame(_frame, state);
            await Stream.WriteAsync(_frame.WrittenMemory, cancellationToken).ConfigureAwait(false);
            await Stream.FlushAsync(cancellationToken).ConfigureAwait(false); // TLS buffers; a plain socket stream ignores it
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Shuts both directions and closes the socket: a read pending on it returns at once, which is
    /// how a connection's loops learn that it is over. Safe to call more than once.
    /// </summary>
    public void Close()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }

        _socket.Close();
    }

    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
    }
}
