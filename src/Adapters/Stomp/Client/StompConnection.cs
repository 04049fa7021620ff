using Middleware.Adapters.Stomp.Framing;
using Middleware.Adapters.Tcp;

namespace Middleware.Adapters.Stomp.Client;

/// <summary>
/// One STOMP 1.2 session: CONNECT with heart-beat negotiation, SEND with receipts (publisher
/// confirms), SUBSCRIBE with client-individual acks, transactions, ERROR surfaced with its message,
/// DISCONNECT with receipt. A peer silent past twice the agreed heart-beat is declared dead.
/// </summary>
public sealed class StompConnection : IAsyncDisposable
{
    private readonly TcpClientConnection _tcp;
    private readonly Stream _stream;
    private readonly StompOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _receipts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<StompMessage, ValueTask>> _subscriptions = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<StompFrame> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _closing = new();
    private readonly System.Threading.Channels.Channel<StompFrame> _messages = System.Threading.Channels.Channel.CreateUnbounded<StompFrame>(new() { SingleReader = true });
    private long _nextId;
    private long _lastReceivedTicks;
    private long _lastSentTicks;
    private Task _loops = Task.CompletedTask;
    private StompHeartBeats _heartBeats;
    private volatile bool _disconnecting;

    private StompConnection(TcpClientConnection tcp, StompOptions options, TimeProvider time, ILogger logger)
    {
        _tcp = tcp;
        _stream = tcp.Stream;
        _options = options;
        _time = time;
        _logger = logger;
        _lastReceivedTicks = _lastSentTicks = time.GetUtcNow().UtcTicks;
    }

    /// <summary>server header of CONNECTED, e.g. "ActiveMQ/5.17.2".</summary>
    public string Server { get; private set; } = "";

    /// <summary>Completes with the reason when the session ends.</summary>
    public Task<string> Closed => _closed.Task;

    public TimeSpan SendHeartBeat => _heartBeats.Send;

    public TimeSpan ReceiveHeartBeat => _heartBeats.Receive;

    public static async Task<StompConnection> ConnectAsync(StompOptions options, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(options.ConnectTimeout);
        TcpClientConnection? tcp = null;
        StompConnection? connection = null;
        try
        {
            tcp = await TcpClientConnection.ConnectAsync(options.Host, options.Port, tls: null, cts.Token).ConfigureAwait(false);
            connection = new StompConnection(tcp, options, time, logger);
            connection._loops = Task.WhenAll(Task.Run(connection.ReadLoopAsync), Task.Run(connection.DeliverLoopAsync));
            await connection.SendFrameAsync("CONNECT", StompConnectFrame.Headers(options), default, cts.Token).ConfigureAwait(false);
            var connected = await connection._connected.Task.WaitAsync(cts.Token).ConfigureAwait(false);
            connection.Negotiate(connected);
            connection._loops = Task.WhenAll(connection._loops, Task.Run(connection.HeartBeatLoopAsync));
            return connection;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await DisposeQuietly(connection, tcp).ConfigureAwait(false);
            throw new TimeoutException($"STOMP {options.Host}:{options.Port}: no CONNECTED within {options.ConnectTimeout.TotalSeconds:0.#} s");
        }
        catch
        {
            await DisposeQuietly(connection, tcp).ConfigureAwait(false);
            throw;
        }
    }

    private static async Task DisposeQuietly(StompConnection? connection, TcpClientConnection? tcp)
    {
        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        else if (tcp is not null)
        {
            await tcp.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Negotiate(StompFrame connected)
    {
        Server = connected["server"] ?? "";
        _heartBeats = StompHeartBeats.Negotiate(_options.HeartBeat, connected["heart-beat"]);
    }

    public string NextId(string prefix) => $"{prefix}-{Interlocked.Increment(ref _nextId)}";

    /// <summary>Sends a message; with <paramref name="receipt"/>, completes only when the broker confirms it.</summary>
    public async Task SendAsync(string destination, IEnumerable<KeyValuePair<string, string>> headers, ReadOnlyMemory<byte> body, bool receipt, CancellationToken cancellationToken = default)
    {
        var all = new List<KeyValuePair<string, string>> { new("destination", destination) };
        all.AddRange(headers);
        if (!receipt)
        {
            await SendFrameAsync("SEND", all, body, cancellationToken).ConfigureAwait(false);
            return;
        }

        await SendWithReceiptAsync("SEND", all, body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a frame and waits for the broker's RECEIPT (or an ERROR, or the connection's end).</summary>
    public async Task SendWithReceiptAsync(string command, List<KeyValuePair<string, string>> headers, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var id = NextId("r");
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _receipts[id] = waiter;
        headers.Add(new("receipt", id));
        try
        {
            await SendFrameAsync(command, headers, body, cancellationToken).ConfigureAwait(false);
            await waiter.Task.WaitAsync(_options.ReceiptTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Close($"no RECEIPT for {command} within {_options.ReceiptTimeout.TotalSeconds:0.#} s");
            throw new StompConnectionLostException($"no RECEIPT for {command} within {_options.ReceiptTimeout.TotalSeconds:0.#} s");
        }
        finally
        {
            _receipts.TryRemove(id, out _);
        }
    }

    /// <summary>Subscribes with client-individual acks (each message acknowledged on its own).</summary>
    public async Task<string> SubscribeAsync(string destination, Func<StompMessage, ValueTask> handler, IEnumerable<KeyValuePair<string, string>>? extraHeaders = null, CancellationToken cancellationToken = default)
    {
        var id = NextId("sub");
        _subscriptions[id] = handler;
        var headers = new List<KeyValuePair<string, string>> { new("id", id), new("destination", destination), new("ack", "client-individual") };
        headers.AddRange(extraHeaders ?? []);
        await SendWithReceiptAsync("SUBSCRIBE", headers, default, cancellationToken).ConfigureAwait(false);
        return id;
    }

    public async Task UnsubscribeAsync(string subscriptionId, CancellationToken cancellationToken = default)
    {
        await SendWithReceiptAsync("UNSUBSCRIBE", [new("id", subscriptionId)], default, cancellationToken).ConfigureAwait(false);
        _subscriptions.TryRemove(subscriptionId, out _);
    }

    /// <summary>Starts a transaction; SENDs and ACKs carrying its id are applied together on COMMIT.</summary>
    public async Task<string> BeginAsync(CancellationToken cancellationToken = default)
    {
        var tx = NextId("tx");
        await SendWithReceiptAsync("BEGIN", [new("transaction", tx)], default, cancellationToken).ConfigureAwait(false);
        return tx;
    }

    public Task CommitAsync(string transaction, CancellationToken cancellationToken = default) =>
        SendWithReceiptAsync("COMMIT", [new("transaction", transaction)], default, cancellationToken);

    public Task AbortAsync(string transaction, CancellationToken cancellationToken = default) =>
        SendWithReceiptAsync("ABORT", [new("transaction", transaction)], default, cancellationToken);

    /// <summary>Polite goodbye: waits for the broker to confirm everything before it was received.</summary>
    public async Task DisconnectAsync(CancellationToken cancellationToken = default)
    {
        // STOMP 1.2: the broker answers DISCONNECT with the RECEIPT and then closes the socket; the
        // read loop may see that close before this method gets back, and it is still our disconnect.
        _disconnecting = true;
        try
        {
            await SendWithReceiptAsync("DISCONNECT", [], default, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Close("disconnected");
        }
    }

    public async Task SendFrameAsync(string command, IEnumerable<KeyValuePair<string, string>> headers, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (_closed.Task.IsCompleted)
        {
            throw new StompConnectionLostException(_closed.Task.Result);
        }

        try
        {
            await _tcp.WriteAsync((command, headers, body), static (buffer, f) => StompFrameWriter.Write(buffer, f.command, f.headers, f.body.Span), cancellationToken).ConfigureAwait(false);
            Interlocked.Exchange(ref _lastSentTicks, _time.GetUtcNow().UtcTicks);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            Close("write failed: " + ex.Message);
            throw new StompConnectionLostException(ex.Message);
        }
    }

    private async Task ReadLoopAsync()
    {
        var reader = PipeReader.Create(_stream);
        var parser = new StompFrameParser();
        try
        {
            while (!_closing.IsCancellationRequested)
            {
                var result = await reader.ReadAsync(_closing.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                if (!buffer.IsEmpty)
                {
                    Interlocked.Exchange(ref _lastReceivedTicks, _time.GetUtcNow().UtcTicks);
                }

                while (parser.TryRead(ref buffer, out var frame))
                {
                    await DispatchAsync(frame).ConfigureAwait(false);
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    Close(_disconnecting ? "disconnected" : "the broker closed the connection");
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (StompProtocolException ex)
        {
            Close("protocol error: " + ex.Message);
        }
        catch (Exception ex)
        {
            Close("read failed: " + ex.Message);
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private ValueTask DispatchAsync(StompFrame frame)
    {
        switch (frame.Command)
        {
            case "CONNECTED":
                _connected.TrySetResult(frame);
                break;
            case "RECEIPT":
                if (frame["receipt-id"] is { } id && _receipts.TryRemove(id, out var waiter))
                {
                    waiter.TrySetResult();
                }

                break;
            case "MESSAGE":
                // Handled on their own loop, in order: a handler may send and wait for receipts,
                // which this read loop must stay free to deliver.
                _messages.Writer.TryWrite(frame);
                break;
            case "ERROR":
                var error = new StompErrorException(frame);
                _logger.LogError("{Error}", error.Message);
                _connected.TrySetException(error);
                if (frame["receipt-id"] is { } failed && _receipts.TryRemove(failed, out var failedWaiter))
                {
                    failedWaiter.TrySetException(error);
                }

                Close(error.Message); // the spec: the broker closes after ERROR
                break;
        }

        return ValueTask.CompletedTask;
    }

    private async Task DeliverLoopAsync()
    {
        await foreach (var frame in _messages.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (frame["subscription"] is { } sub && _subscriptions.TryGetValue(sub, out var handler))
            {
                try
                {
                    await handler(new StompMessage(frame, this)).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    // A subscriber's bug is its own; the session goes on (the message stays unacked).
                    _logger.LogError(ex, "STOMP subscriber of {Destination} failed on message {MessageId}", frame["destination"], frame["message-id"]);
                }
            }
        }
    }

    private async Task HeartBeatLoopAsync()
    {
        var tick = _heartBeats.Shortest;
        if (tick == TimeSpan.Zero)
        {
            return;
        }

        try
        {
            using var timer = new PeriodicTimer(tick / 2, _time);
            while (await timer.WaitForNextTickAsync(_closing.Token).ConfigureAwait(false))
            {
                var now = _time.GetUtcNow().UtcTicks;
                if (ReceiveHeartBeat > TimeSpan.Zero && now - Interlocked.Read(ref _lastReceivedTicks) > (ReceiveHeartBeat * 2).Ticks)
                {
                    Close($"no heart-beat from the broker for {(ReceiveHeartBeat * 2).TotalSeconds:0.#} s");
                    return;
                }

                if (SendHeartBeat > TimeSpan.Zero && now - Interlocked.Read(ref _lastSentTicks) >= SendHeartBeat.Ticks / 2)
                {
                    // A heart-beat is one EOL between frames (STOMP 1.2, "Heart-beating").
                    await _tcp.WriteAsync(0, static (buffer, _) => buffer.Write("\n"u8), _closing.Token).ConfigureAwait(false);
                    Interlocked.Exchange(ref _lastSentTicks, now);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            Close("heart-beat write failed: " + ex.Message);
        }
    }

    public void Close(string reason)
    {
        if (!_closed.TrySetResult(reason))
        {
            return;
        }

        _closing.Cancel();
        _tcp.Close();
        _messages.Writer.TryComplete();
        _connected.TrySetException(new StompConnectionLostException(reason));
        foreach (var waiter in _receipts.Values)
        {
            waiter.TrySetException(new StompConnectionLostException(reason));
        }
    }

    public async ValueTask DisposeAsync()
    {
        Close("closed by the middleware");
        try
        {
            await _loops.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogDebug(ex, "STOMP loops ended with an error");
        }

        await _tcp.DisposeAsync().ConfigureAwait(false);
        _closing.Dispose();
    }
}
