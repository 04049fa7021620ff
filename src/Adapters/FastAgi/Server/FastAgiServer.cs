using System.Diagnostics;
using Middleware.Adapters.FastAgi.Framing;
using Middleware.Adapters.FastAgi.Protocol;
using Middleware.Core.Ivr;

namespace Middleware.Adapters.FastAgi.Server;

/// <summary>
/// The FastAGI server (res_agi's agi:// scheme, port 4573): each TCP connection is one call handed
/// over by the dialplan. It reads the variable block, runs the voice application the script name
/// asks for, and journals the session (started, every step the application records, ended with
/// its outcome). Sessions run on their own tasks: a slow caller or CRM never holds the pipeline,
/// and one session failing never touches another.
/// </summary>
public sealed class FastAgiServer : IEventSource
{
    private readonly FastAgiOptions _options;
    private readonly Dictionary<string, IVoiceApplication> _applications;
    private IEventPublisher? _publisher;
    private readonly EventFactory _factory;
    private readonly ILogger _logger;
    private readonly RepeatedWarnings _framingWarnings;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _sessions = [];
    private TcpListener? _listener;
    private Task _accept = Task.CompletedTask;
    private string? _lastError;
    private long _served;
    private long _framingErrors;
    private int _active;

    public FastAgiServer(FastAgiOptions options, IEnumerable<IVoiceApplication> applications, EventFactory factory, ILogger logger)
    {
        _options = options;
        _applications = applications.ToDictionary(a => a.Name, StringComparer.OrdinalIgnoreCase);
        _factory = factory;
        _logger = logger;
        _framingWarnings = new RepeatedWarnings(logger, "FastAGI: framing errors", factory.Time);
    }

    public string Name => _options.Name;

    public string Protocol => "fastagi";

    /// <summary>The port bound (differs from the configured one when that was 0).</summary>
    public int? Port { get; private set; }

    public bool Listening => _listener is not null && _lastError is null;

    public int ActiveSessions => Volatile.Read(ref _active);

    public long SessionsServed => Interlocked.Read(ref _served);

    public long FramingErrors => Interlocked.Read(ref _framingErrors);

    /// <summary>The URL a dialplan uses for <paramref name="script"/>: agi://127.0.0.1:PORT/ivr.</summary>
    public string UrlFor(string script) => $"agi://{_options.Address}:{Port ?? _options.Port}/{script}";

    public SourceHealth Health => _lastError is { } error
        ? new SourceHealth(false, $"not listening on {_options.Address}:{_options.Port}: {error}", error)
        : new SourceHealth(Listening, $"{UrlFor("")} {ActiveSessions} active, {SessionsServed} served, {FramingErrors} framing error(s)");

    public Task StartAsync(IEventPublisher publisher, CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _publisher, publisher, null) is not null)
        {
            throw new InvalidOperationException($"FastAGI {Name} is already started");
        }

        try
        {
            var listener = new TcpListener(IPAddress.Parse(_options.Address), _options.Port);
            listener.Start();
            _listener = listener;
            Port = ((IPEndPoint)listener.LocalEndpoint).Port;
            _accept = Task.Run(() => AcceptLoopAsync(listener), CancellationToken.None);
            _logger.LogInformation("FastAGI listening on {Url}", UrlFor(""));
        }
        catch (Exception ex) when (ex is SocketException or FormatException)
        {
            _lastError = $"cannot listen on {_options.Address}:{_options.Port}: {ex.Message}";
            _logger.LogError("{Error}", _lastError);
        }

        return Task.CompletedTask;
    }

    private async Task AcceptLoopAsync(TcpListener listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (Interlocked.Increment(ref _active) > _options.MaxSessions)
            {
                Interlocked.Decrement(ref _active);
                _logger.LogWarning("FastAGI: {Max} sessions already; closing a new one (the dialplan continues)", _options.MaxSessions);
                socket.Dispose();
                continue;
            }

            var session = Task.Run(() => ServeAsync(socket), CancellationToken.None);
            lock (_sessions)
            {
                _sessions.RemoveAll(t => t.IsCompleted);
                _sessions.Add(session);
            }
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        var started = Stopwatch.StartNew();
        try
        {
            socket.NoDelay = true;
            await using var stream = new NetworkStream(socket, ownsSocket: true);
            var input = PipeReader.Create(stream);
            var parser = new AgiFrameParser();
            var request = await ReadRequestAsync(input, parser).ConfigureAwait(false);
            if (request is null)
            {
                return;
            }

            var callId = $"{_options.CallSource ?? _options.Name}:{(request.Arguments.TryGetValue("linkedid", out var linked) && linked.Length > 0 ? linked : request.Uniqueid)}";
            var channel = new AgiChannel(request, callId, input, stream, parser, _options.CommandTimeout,
                (payload, ct) => _publisher!.PublishAsync(_factory.Create(Name, callId, payload), ct));
            await RunSessionAsync(channel, started).ConfigureAwait(false);
            Interlocked.Add(ref _framingErrors, channel.FramingErrors.Count);
            foreach (var error in channel.FramingErrors)
            {
                _logger.LogWarning("FastAGI {Channel}: {Error}", request.Channel, error);
            }

            await input.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            _logger.LogInformation("FastAGI session closed: {Error}", ex.Message);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "FastAGI session failed");
        }
        finally
        {
            Interlocked.Decrement(ref _active);
            Interlocked.Increment(ref _served);
        }
    }

    private async Task RunSessionAsync(AgiChannel channel, Stopwatch started)
    {
        var request = channel.Request;
        await channel.RecordAsync(new IvrSessionStarted(request.Script, request.Channel, request.CallerId, request.Language, request.Arguments), _stopping.Token).ConfigureAwait(false);
        VoiceOutcome outcome;
        string? error = null;
        if (!_applications.TryGetValue(request.Script, out var application))
        {
            error = $"no voice application named '{request.Script}' (known: {string.Join(", ", _applications.Keys)})";
            _logger.LogWarning("FastAGI {Channel}: {Error}", request.Channel, error);
            outcome = new VoiceOutcome("failed", "error");
            await TryAsync(() => channel.SetVariableAsync("IVR_RESULT", "error", _stopping.Token)).ConfigureAwait(false);
        }
        else
        {
            try
            {
                outcome = await application.RunAsync(channel, _stopping.Token).ConfigureAwait(false);
            }
            catch (CallerHungUpException ex)
            {
                outcome = new VoiceOutcome("caller-hung-up");
                error = ex.Message;
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                outcome = new VoiceOutcome("failed", "error");
                error = "the middleware stopped during the session";
            }
            catch (Exception ex) when (ex is AgiCommandException or IOException or SocketException)
            {
                outcome = new VoiceOutcome("failed", "error");
                error = ex.Message;
            }
            catch (Exception ex)
            {
                // A defect in an application ends its session only; the dialplan gets IVR_RESULT=error.
                _logger.LogError(ex, "voice application {Application} failed on {Channel}", request.Script, request.Channel);
                outcome = new VoiceOutcome("failed", "error");
                error = ex.Message;
                await TryAsync(() => channel.SetVariableAsync("IVR_RESULT", "error", CancellationToken.None)).ConfigureAwait(false);
            }
        }

        await channel.RecordAsync(new IvrSessionEnded(request.Script, outcome.Outcome, outcome.Result, channel.Commands, Math.Round(started.Elapsed.TotalSeconds, 3), error),
            CancellationToken.None).ConfigureAwait(false);
    }

    private static async Task TryAsync(Func<Task> command)
    {
        try
        {
            await command().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is CallerHungUpException or AgiCommandException or IOException or SocketException or OperationCanceledException)
        {
            // The session is ending anyway.
        }
    }

    /// <summary>Reads up to the variable block's blank line; null when the peer sends no valid block in time.</summary>
    private async Task<AgiRequest?> ReadRequestAsync(PipeReader input, AgiFrameParser parser)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            while (true)
            {
                var read = await input.ReadAsync(timeout.Token).ConfigureAwait(false);
                var buffer = read.Buffer;
                AgiRequest? request = null;
                while (request is null && (read.IsCompleted ? parser.TryReadFinal(ref buffer, out var frame) : parser.TryRead(ref buffer, out frame)))
                {
                    if (frame.Kind == AgiFrameKind.Request)
                    {
                        request = frame.Request;
                    }
                    else if (frame.Kind == AgiFrameKind.Error)
                    {
                        Interlocked.Increment(ref _framingErrors);
                        if (_framingWarnings.ShouldLog())
                        {
                            _logger.LogWarning("FastAGI: {Error}", frame.Error);
                        }
                    }
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                if (request is not null || read.IsCompleted)
                {
                    return request;
                }
            }
        }
        catch (OperationCanceledException)
        {
            _logger.LogWarning("FastAGI: no variable block within {Timeout} s; connection closed", _options.RequestTimeout.TotalSeconds);
            return null;
        }
    }

    /// <summary>Stops accepting and ends the sessions in progress (each journals its end as failed: the middleware stopped).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _listener?.Stop();
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _accept.ConfigureAwait(false);
        Task[] running;
        lock (_sessions)
        {
            running = [.. _sessions];
        }

        try
        {
            await Task.WhenAll(running).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _logger.LogWarning("FastAGI: {Count} session(s) still running at stop", running.Count(t => !t.IsCompleted));
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await StopAsync(timeout.Token).ConfigureAwait(false);
        _framingWarnings.Dispose();
        _stopping.Dispose();
    }
}
