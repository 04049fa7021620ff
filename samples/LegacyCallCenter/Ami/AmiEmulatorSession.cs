using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Middleware.Adapters.Ami.Framing;
using Middleware.Adapters.Ami.Protocol;

namespace Middleware.Samples.Ami;

/// <summary>One client connected to the emulator: reads actions, answers them in order with the events.</summary>
internal sealed class AmiEmulatorSession : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly AmiEmulator _server;
    private readonly Channel<byte[]> _outbound = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _closing = new();
    private List<byte[]>? _held; // events offered while a synchronous action runs (under the _outbound lock)
    private readonly List<(Regex Pattern, bool Exclude)> _filters = [];
    private Task _loops = Task.CompletedTask;

    public AmiEmulatorSession(Socket socket, Stream stream, AmiEmulator server)
    {
        _socket = socket;
        _stream = stream;
        _server = server;
    }

    public bool LoggedIn { get; set; }

    public bool EventsOn { get; set; } = true;

    public string? Challenge { get; set; }

    public void Start(string banner)
    {
        Send(Encoding.UTF8.GetBytes(banner + "\r\n"));
        _loops = Task.WhenAll(Task.Run(WriteLoopAsync), Task.Run(ReadLoopAsync));
    }

    public void Send(byte[] bytes) => _outbound.Writer.TryWrite(bytes);

    public void Send(AmiWire wire) => Send(wire.ToBytes());

    /// <summary>Delivers a PBX event if this session logged in, wants events and its filters let it through.</summary>
    public void Offer(string eventText)
    {
        if (!LoggedIn || !EventsOn)
        {
            return;
        }

        if (_filters.Count > 0)
        {
            var includes = _filters.Where(f => !f.Exclude).ToList();
            if ((includes.Count > 0 && !includes.Any(f => f.Pattern.IsMatch(eventText))) || _filters.Any(f => f.Exclude && f.Pattern.IsMatch(eventText)))
            {
                return;
            }
        }

        lock (_outbound)
        {
            if (_held is { } held)
            {
                held.Add(Encoding.UTF8.GetBytes(eventText)); // the session is inside an action that blocks it
                return;
            }
        }

        Send(Encoding.UTF8.GetBytes(eventText));
    }

    /// <summary>
    /// Holds this session's events until <paramref name="answer"/> completes, sends it, then the events held:
    /// Asterisk's session thread writes events only between actions (manager.c process_events after process_message).
    /// </summary>
    /// <param name="answer">Started only once the events are held: the action's own first events (a Newchannel) are held too.</param>
    public async Task AnswerThenReleaseEventsAsync(Func<Task<AmiWire>> answer)
    {
        lock (_outbound)
        {
            _held = [];
        }

        var response = await answer().ConfigureAwait(false);
        lock (_outbound)
        {
            Send(response);
            foreach (var bytes in _held!)
            {
                Send(bytes);
            }

            _held = null;
        }
    }

    /// <summary>Asterisk's Filter: a regular expression over the event text; a leading '!' excludes.</summary>
    public void AddFilter(string filter) =>
        _filters.Add(filter.StartsWith('!') ? (new Regex(filter[1..]), true) : (new Regex(filter), false));

    private async Task WriteLoopAsync()
    {
        try
        {
            await foreach (var bytes in _outbound.Reader.ReadAllAsync(_closing.Token))
            {
                await _server.Gate.WaitOpenAsync(_closing.Token);
                await _stream.WriteAsync(bytes, _closing.Token);
                await _stream.FlushAsync(_closing.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
        {
        }

        CloseGracefully();
    }

    /// <summary>FIN now, whatever is still queued (a process that exits mid-write).</summary>
    public void CloseNow() => CloseGracefully();

    /// <summary>FIN after the last byte, as Asterisk does after Logoff or a failed login.</summary>
    private void CloseGracefully()
    {
        if (_closing.IsCancellationRequested)
        {
            return;
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }

        _closing.Cancel();
        _socket.Close();
        _server.Forget(this);
    }

    private async Task ReadLoopAsync()
    {
        var reader = PipeReader.Create(_stream);
        var parser = new AmiFrameParser(new AmiParserOptions { ExpectBanner = false });
        try
        {
            while (!_closing.IsCancellationRequested)
            {
                var result = await reader.ReadAsync(_closing.Token);
                var buffer = result.Buffer;
                var actions = new List<AmiMessage>();
                while (parser.TryRead(ref buffer, out var frame))
                {
                    if (frame.Message is { } message)
                    {
                        actions.Add(message);
                    }
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                foreach (var action in actions)
                {
                    await _server.Gate.WaitOpenAsync(_closing.Token);
                    await _server.Handle(this, action);
                }

                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
        {
        }

        await reader.CompleteAsync();
        Abort();
    }

    /// <summary>Closes after what is queued has been written (Logoff, refused login).</summary>
    public void CloseAfterFlush() => _outbound.Writer.TryComplete();

    /// <summary>Closes now, dropping anything unsent (a crash or a cut cable).</summary>
    public void Abort()
    {
        if (_closing.IsCancellationRequested)
        {
            return;
        }

        _closing.Cancel();
        try
        {
            _socket.LingerState = new LingerOption(true, 0);
            _socket.Close();
        }
        catch (ObjectDisposedException)
        {
        }

        _server.Forget(this);
    }

    /// <summary>Writes raw bytes straight to the socket, bypassing the queue (fault injection).</summary>
    public async Task WriteRawAsync(byte[] bytes)
    {
        try
        {
            await _stream.WriteAsync(bytes);
            await _stream.FlushAsync();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        Abort();
        await _loops;
        _closing.Dispose();
    }
}
