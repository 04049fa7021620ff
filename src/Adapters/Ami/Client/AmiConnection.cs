using System.Security.Cryptography;
using System.Threading.Channels;
using Middleware.Adapters.Ami.Framing;
using Middleware.Adapters.Ami.Protocol;
using Middleware.Adapters.Tcp;

namespace Middleware.Adapters.Ami.Client;

/// <summary>
/// One AMI session over TCP (or TLS). A fill loop moves socket bytes into a pipe, a parse loop
/// frames them and answers waiting actions by ActionID, and a delivery loop hands events to the
/// handler. The handler runs apart from the socket: its exceptions are caught and reported, and
/// while it is slow, bytes keep being received (so a busy handler is not mistaken for a dead peer).
/// </summary>
public sealed class AmiConnection : IAsyncDisposable
{
    private readonly TcpClientConnection _tcp;
    private readonly Stream _stream;
    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: 64 * 1024 * 1024, resumeWriterThreshold: 32 * 1024 * 1024));
    private readonly AmiFrameParser _parser;
    private readonly AmiActionTable _actions = new();
    private readonly Channel<List<AmiMessage>> _deliveries = Channel.CreateBounded<List<AmiMessage>>(new BoundedChannelOptions(1024) { SingleReader = true, SingleWriter = true });
    private readonly TaskCompletionSource<string> _banner = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _closing = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _idPrefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    private readonly Func<IReadOnlyList<AmiMessage>, ValueTask> _onEvents;
    private readonly Action<AmiFramingError>? _onFramingError;
    private readonly Action<ReadOnlyMemory<byte>>? _onReceived;
    private readonly RepeatedWarnings _framingWarnings;
    private long _nextActionId;
    private long _lastReceivedTicks;
    private long _bytesReceived;
    private string? _closeReason;
    private Task _loops = Task.CompletedTask;

    private AmiConnection(TcpClientConnection tcp, AmiConnectionSettings settings)
    {
        _tcp = tcp;
        _stream = tcp.Stream;
        _time = settings.Time;
        _logger = settings.Logger;
        _onEvents = settings.OnEvents;
        _onFramingError = settings.OnFramingError;
        _onReceived = settings.OnReceived;
        _parser = new AmiFrameParser(new AmiParserOptions { MaxMessageBytes = settings.MaxMessageBytes });
        _lastReceivedTicks = _time.GetUtcNow().UtcTicks;
        Endpoint = settings.Endpoint;
        _framingWarnings = new RepeatedWarnings(_logger, $"AMI {Endpoint}: framing errors", _time);
    }

    public string Endpoint { get; }

    /// <summary>The greeting, e.g. "Asterisk Call Manager/7.0.3".</summary>
    public string Banner => _banner.Task.IsCompletedSuccessfully ? _banner.Task.Result : "";

    public DateTimeOffset LastReceivedAt => new(Interlocked.Read(ref _lastReceivedTicks), TimeSpan.Zero);

    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>Completes when the session ends; its result is the reason.</summary>
    public Task<string> Closed => _closedTcs.Task;

    private readonly TaskCompletionSource<string> _closedTcs = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<AmiConnection> ConnectAsync(string host, int port, AmiTlsOptions tls, AmiConnectionSettings settings, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        TcpClientConnection? tcp = null;
        try
        {
            tcp = await TcpClientConnection.ConnectAsync(host, port, tls.Enabled ? new TlsServerCheck(tls.ServerName, tls.PinSha256) : null, cts.Token).ConfigureAwait(false);
            var connection = new AmiConnection(tcp, settings);
            connection.Start();
            await connection._banner.Task.WaitAsync(cts.Token).ConfigureAwait(false);
            return connection;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            tcp?.Close();
            throw new TimeoutException($"AMI {host}:{port}: no connection and banner within {timeout.TotalSeconds:0.#} s");
        }
        catch
        {
            tcp?.Close();
            throw;
        }
    }

    private void Start()
    {
        var fill = Task.Run(FillAsync);
        var parse = Task.Run(ParseAsync);
        var deliver = Task.Run(DeliverAsync);
        _loops = Task.WhenAll(fill, parse, deliver);
    }

    /// <summary>Sends an action and waits for its response (by ActionID), within the timeout.</summary>
    public Task<AmiResponse> SendAsync(AmiAction action, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        SendCoreAsync(action, isEventList: false, timeout, cancellationToken);

    /// <summary>Sends an action whose answer is a list of events ending with "EventList: Complete".</summary>
    public Task<AmiResponse> SendEventListAsync(AmiAction action, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        SendCoreAsync(action, isEventList: true, timeout, cancellationToken);

    /// <summary>
    /// Sends an action and also waits for a later event carrying the same ActionID (OriginateResponse
    /// after an async Originate). The event is still delivered to the event handler as usual.
    /// </summary>
    public async Task<(AmiResponse Response, AmiMessage Event)> SendAndAwaitEventAsync(AmiAction action, string eventName, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var id = NextActionId();
        var waiter = _actions.AddEventWaiter(id, eventName);
        try
        {
            var response = await SendCoreAsync(action, false, timeout, cancellationToken, id).ConfigureAwait(false);
            if (!response.IsSuccess)
            {
                return (response, response.Message);
            }

            var ev = await waiter.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
            return (response, ev);
        }
        finally
        {
            _actions.RemoveEventWaiter(id, eventName);
        }
    }

    private string NextActionId() => $"mw-{_idPrefix}-{Interlocked.Increment(ref _nextActionId)}";

    private async Task<AmiResponse> SendCoreAsync(AmiAction action, bool isEventList, TimeSpan timeout, CancellationToken cancellationToken, string? id = null)
    {
        id ??= NextActionId();
        var pending = _actions.Add(id, action.Name, isEventList);
        try
        {
            if (_closeReason is { } reason)
            {
                throw new AmiConnectionLostException(reason);
            }

            try
            {
                await _tcp.WriteAsync((action, id), static (buffer, a) => a.action.WriteTo(buffer, a.id), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
                Close("write failed: " + ex.Message);
                throw new AmiConnectionLostException(_closeReason ?? ex.Message);
            }

            try
            {
                return await pending.Task.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"AMI {action.Name} ({id}): no response within {timeout.TotalSeconds:0.###} s");
            }
        }
        finally
        {
            _actions.Remove(id);
        }
    }

    private async Task FillAsync()
    {
        var writer = _pipe.Writer;
        Exception? error = null;
        try
        {
            while (!_closing.IsCancellationRequested)
            {
                var memory = writer.GetMemory(16 * 1024);
                var read = await _stream.ReadAsync(memory, _closing.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    Close("the PBX closed the connection");
                    break;
                }

                _onReceived?.Invoke(memory[..read]);
                Interlocked.Add(ref _bytesReceived, read);
                Interlocked.Exchange(ref _lastReceivedTicks, _time.GetUtcNow().UtcTicks);
                writer.Advance(read);
                var flush = await writer.FlushAsync(_closing.Token).ConfigureAwait(false);
                if (flush.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            error = ex;
            Close("read failed: " + ex.Message);
        }

        // The reason is kept in _closeReason; completing cleanly lets the parser see what was received.
        _ = error;
        await writer.CompleteAsync().ConfigureAwait(false);
    }

    private async Task ParseAsync()
    {
        var reader = _pipe.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                List<AmiMessage>? events = null;
                while (_parser.TryRead(ref buffer, out var frame))
                {
                    Route(frame, ref events);
                }

                if (result.IsCompleted && !buffer.IsEmpty)
                {
                    // A message cut by the connection's end is not trusted: report it, deliver nothing.
                    ReportFraming(new AmiFramingError(_parser.StreamOffset, $"connection ended inside a message ({buffer.Length} bytes dropped)"));
                    buffer = buffer.Slice(buffer.End);
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (events is not null)
                {
                    await _deliveries.Writer.WriteAsync(events).ConfigureAwait(false);
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            Close("parse loop failed: " + ex.Message);
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
            _deliveries.Writer.TryComplete();
            Close(_closeReason ?? "connection ended");
            FailWaiting();
        }
    }

    private void Route(AmiFrame frame, ref List<AmiMessage>? events)
    {
        switch (frame.Kind)
        {
            case AmiFrameKind.Banner:
                _banner.TrySetResult(frame.Banner!);
                return;
            case AmiFrameKind.Error:
                ReportFraming(frame.Error!);
                return;
        }

        var message = frame.Message!;
        _banner.TrySetResult(""); // a server without a banner is still a server
        foreach (var problem in message.Problems ?? [])
        {
            ReportFraming(problem);
        }

        if (_actions.TryAnswer(message))
        {
            return;
        }

        if (!message.IsEvent)
        {
            _logger.LogDebug("AMI {Endpoint}: response for unknown ActionID {ActionId} ignored (timed out or from an earlier session)", Endpoint, message.ActionId);
            return;
        }

        _actions.NotifyEventWaiter(message);
        (events ??= []).Add(message);
    }

    private void ReportFraming(AmiFramingError error)
    {
        if (_framingWarnings.ShouldLog())
        {
            _logger.LogWarning("AMI {Endpoint}: {Error}", Endpoint, error);
        }

        try
        {
            _onFramingError?.Invoke(error);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "AMI {Endpoint}: framing error handler failed", Endpoint);
        }
    }

    private async Task DeliverAsync()
    {
        await foreach (var batch in _deliveries.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await _onEvents(batch).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // The handler's failure is the handler's: the session goes on.
                _logger.LogError(ex, "AMI {Endpoint}: event handler failed on a batch of {Count} event(s)", Endpoint, batch.Count);
            }
        }
    }

    /// <summary>
    /// Ends the session (dead peer, shutdown, peer gone). Bytes already received are still parsed
    /// and delivered; actions still waiting after that fail with the reason.
    /// </summary>
    public void Close(string reason)
    {
        if (Interlocked.CompareExchange(ref _closeReason, reason, null) is not null)
        {
            return;
        }

        _closing.Cancel();
        _tcp.Close();
    }

    private void FailWaiting()
    {
        var reason = _closeReason ?? "connection ended";
        _banner.TrySetException(new AmiConnectionLostException(reason));
        _actions.FailAll(reason);

        _closedTcs.TrySetResult(reason);
    }

    /// <summary>Waits until every event read before the close has been handed to the handler.</summary>
    public Task DrainAsync() => _loops;

    public async ValueTask DisposeAsync()
    {
        Close("closed by the middleware");
        try
        {
            await _loops.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogDebug(ex, "AMI {Endpoint}: loop ended with an error", Endpoint);
        }

        await _tcp.DisposeAsync().ConfigureAwait(false);
        _framingWarnings.Dispose();
        _closing.Dispose();
    }
}
