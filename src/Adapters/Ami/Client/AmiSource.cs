using Middleware.Adapters.Ami.Framing;
using Middleware.Adapters.Ami.Normalization;
using Middleware.Adapters.Ami.Protocol;
using Polly;

namespace Middleware.Adapters.Ami.Client;

/// <summary>
/// One configured PBX, kept connected: connect, log in (before anything else), resync, then feed
/// every event through the normalizer into the pipeline until the session ends; then again, with
/// jittered backoff while the PBX is unreachable. Each session has its own parser and handler, so
/// a re-login never doubles events.
/// </summary>
public sealed class AmiSource : IEventSource
{
    private readonly AmiSourceOptions _options;
    private IEventPublisher? _publisher;
    private readonly EventFactory _factory;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly AmiNormalizer _normalizer;
    private readonly SemaphoreSlim _normalizerLock = new(1, 1);
    private readonly ResiliencePipeline _connectRetry;
    private readonly ResiliencePipeline _publishRetry;
    private readonly CancellationTokenSource _stop = new();
    private volatile AmiConnection? _connection;
    private Task _run = Task.CompletedTask;
    private DateTimeOffset? _lastHeard;
    private Core.CallState.LeftOpen? _leftOpenByLastRun;

    public AmiSource(AmiSourceOptions options, EventFactory factory, ILogger logger)
    {
        _options = options.Clone();
        _factory = factory;
        _time = factory.Time;
        _logger = logger;
        _normalizer = new AmiNormalizer(_options.InboundContexts, callIdPrefix: _options.Name + ":");
        _connectRetry = Backoff.Reconnect(_time, _options.ReconnectDelay, _options.MaxReconnectDelay, (error, wait) =>
        {
            Status.State = AmiConnectionState.Disconnected;
            Status.LastError = error?.Message;
            _logger.LogWarning("AMI {Source}: {Error}; retrying in {Delay:0.0} s", Name, error?.Message, wait.TotalSeconds);
        });
        _publishRetry = Backoff.WhileJournalRefuses(_time, error =>
            _logger.LogError("AMI {Source}: events not journaled ({Error}); holding them and retrying", Name, error?.Message));
    }

    public string Name => _options.Name;

    public string Protocol => "ami";

    public AmiSourceStatus Status { get; } = new();

    /// <summary>Healthy once logged in and resynced (<see cref="AmiConnectionState.Connected"/>).</summary>
    public SourceHealth Health => new(Status.State == AmiConnectionState.Connected, Status.LastError ?? Status.Banner ?? "", Status.LastError)
    {
        Received = Status.EventsReceived,
        Rejected = Status.FramingErrors,
        Reconnects = Status.Reconnects,
    };

    public AmiNormalizerStats NormalizerStats => _normalizer.Stats;

    /// <summary>Raised after each successful login (tests and the console use it).</summary>
    public event Action<string>? Connected;

    /// <summary>Connects in the background (retrying with backoff while the PBX is unreachable) and returns at once.</summary>
    /// <summary>
    /// Hands the source, before its start, the calls the journal shows open from the last run: its
    /// first resync closes those the PBX no longer has (a crash left them open).
    /// </summary>
    public void ReconcileOnFirstConnect(Core.CallState.LeftOpen leftOpen) => _leftOpenByLastRun = leftOpen;

    public Task StartAsync(IEventPublisher publisher, CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _publisher, publisher, null) is not null)
        {
            throw new InvalidOperationException($"AMI {Name} is already started");
        }

        _run = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            AmiConnection connection;
            try
            {
                connection = await _connectRetry.ExecuteAsync(EstablishAsync, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var reason = await RunSessionAsync(connection, cancellationToken).ConfigureAwait(false);
            _connection = null;
            Status.State = cancellationToken.IsCancellationRequested ? AmiConnectionState.Stopped : AmiConnectionState.Disconnected;
            Status.LastError = reason;
            _logger.LogWarning("AMI {Source}: session ended: {Reason}", Name, reason);
            await PublishAsync([_factory.Create(Name, null, new SourceStatusChanged("disconnected", reason))], CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async ValueTask<AmiConnection> EstablishAsync(CancellationToken cancellationToken)
    {
        Status.State = AmiConnectionState.Connecting;
        var settings = new AmiConnectionSettings($"{Name} {_options.Host}:{_options.Port}", HandleEventsAsync, _time, _logger, _options.MaxMessageBytes, OnFramingError);
        var connection = await AmiConnection.ConnectAsync(_options.Host, _options.Port, _options.Tls, settings, _options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        try
        {
            await AmiLogin.LoginAsync(connection, _options, cancellationToken).ConfigureAwait(false);
            var sessionStart = _time.GetUtcNow();
            _connection = connection;
            _logger.LogInformation("AMI {Source}: logged in to {Banner} at {Host}:{Port}", Name, connection.Banner, _options.Host, _options.Port);
            await PublishAsync([_factory.Create(Name, null, new SourceStatusChanged("connected", connection.Banner))], cancellationToken).ConfigureAwait(false);
            await ResyncAsync(connection, sessionStart, cancellationToken).ConfigureAwait(false);

            // Connected means "state rebuilt": readiness and callers waiting on it can trust the model.
            Status.State = AmiConnectionState.Connected;
            Status.Banner = connection.Banner;
            Status.ConnectedSince = sessionStart;
            Status.LastError = null;
            if (_lastHeard is not null)
            {
                Status.CountReconnect();
            }

            Connected?.Invoke(connection.Banner);
            return connection;
        }
        catch
        {
            _connection = null;
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task ResyncAsync(AmiConnection connection, DateTimeOffset sessionStart, CancellationToken cancellationToken)
    {
        var channels = await connection.SendEventListAsync(new AmiAction("CoreShowChannels"), _options.ActionTimeout, cancellationToken).ConfigureAwait(false);
        channels.EnsureSuccess("CoreShowChannels");
        IReadOnlyList<AmiMessage>? queueStatus = null;
        IReadOnlyList<AmiMessage>? queueSummary = null;
        var queues = await connection.SendEventListAsync(new AmiAction("QueueStatus"), _options.ActionTimeout, cancellationToken).ConfigureAwait(false);
        if (queues.IsSuccess)
        {
            queueStatus = queues.Events;
            var summary = await connection.SendEventListAsync(new AmiAction("QueueSummary"), _options.ActionTimeout, cancellationToken).ConfigureAwait(false);
            queueSummary = summary.IsSuccess ? summary.Events : [];
        }
        else
        {
            _logger.LogWarning("AMI {Source}: QueueStatus refused ({Reason}); queue state not resynced", Name, queues.Text);
        }

        var snapshot = new AmiResyncSnapshot(channels.Events, queueStatus, queueSummary, sessionStart, _lastHeard, Interlocked.Exchange(ref _leftOpenByLastRun, null));
        var output = new List<NormalizedEvent>();
        await _normalizerLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _normalizer.Resync(snapshot, _time.GetUtcNow(), output);
            await PublishAsync(ToEnvelopes(output), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _normalizerLock.Release();
        }
    }

    private async Task<string> RunSessionAsync(AmiConnection connection, CancellationToken cancellationToken)
    {
        using var sessionEnd = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var keepalive = KeepaliveAsync(connection, sessionEnd.Token);
        await using (cancellationToken.Register(() => connection.Close("middleware stopping")))
        {
            var reason = await connection.Closed.ConfigureAwait(false);
            await sessionEnd.CancelAsync().ConfigureAwait(false);
            await keepalive.ConfigureAwait(false);
            _lastHeard = connection.LastReceivedAt;
            await connection.DisposeAsync().ConfigureAwait(false); // delivers what was read before the close
            return reason;
        }
    }

    private async Task KeepaliveAsync(AmiConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(_options.PingInterval, _time, cancellationToken).ConfigureAwait(false);
                try
                {
                    await connection.SendAsync(new AmiAction("Ping"), _options.PingTimeout, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // Bytes still arriving means a backlog, not a dead peer.
                    if (_time.GetUtcNow() - connection.LastReceivedAt >= _options.PingTimeout)
                    {
                        connection.Close($"keepalive: no answer to Ping and no bytes for {_options.PingTimeout.TotalSeconds:0.#} s");
                        return;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or AmiConnectionLostException)
        {
        }
    }

    private async ValueTask HandleEventsAsync(IReadOnlyList<AmiMessage> batch)
    {
        Status.CountEvents(batch.Count);
        var received = _time.GetUtcNow();
        var output = new List<NormalizedEvent>(batch.Count * 2);
        await _normalizerLock.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var message in batch)
            {
                try
                {
                    _normalizer.Normalize(message, received, output);
                }
                catch (Exception ex)
                {
                    // A normalizer bug on one odd event must not cost the others; keep it whole.
                    Status.CountHandlerFailure();
                    _logger.LogError(ex, "AMI {Source}: could not normalize {Event} at byte {Offset}", Name, message.Event, message.StreamOffset);
                    output.Add(new NormalizedEvent(null, new Unmapped("ami", message.Event ?? "?", message.Fields.Select(f => new SourceField(f.Key, f.Value)).ToList()), received, false, message));
                }
            }

            await PublishAsync(ToEnvelopes(output), _stop.Token).ConfigureAwait(false);
        }
        finally
        {
            _normalizerLock.Release();
        }
    }

    private List<EventEnvelope> ToEnvelopes(List<NormalizedEvent> output) =>
        output.Select(e => _factory.Create(Name, e.CallId, e.Payload, e.OccurredAt, e.Source is { } m ? new RawSource("ami", m.Raw) : null, e.Synthesized)).ToList();

    private async Task PublishAsync(IReadOnlyList<EventEnvelope> envelopes, CancellationToken cancellationToken)
    {
        if (envelopes.Count > 0)
        {
            var publisher = _publisher!;
            await _publishRetry.ExecuteAsync(async ct => await publisher.PublishBatchAsync(envelopes, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
    }

    private void OnFramingError(AmiFramingError error) => Status.CountFramingError();

    /// <summary>Sends an action on the live session (write-back); fails fast when not connected.</summary>
    public Task<AmiResponse> SendAsync(AmiAction action, CancellationToken cancellationToken) =>
        (_connection ?? throw new AmiConnectionLostException($"{Name} is not connected")).SendAsync(action, _options.ActionTimeout, cancellationToken);

    public Task<(AmiResponse Response, AmiMessage Event)> SendAndAwaitEventAsync(AmiAction action, string eventName, TimeSpan timeout, CancellationToken cancellationToken) =>
        (_connection ?? throw new AmiConnectionLostException($"{Name} is not connected")).SendAndAwaitEventAsync(action, eventName, timeout, cancellationToken);

    /// <summary>The caller's channel of a live call, so write-backs can be addressed by call id.</summary>
    public async Task<string?> CallerChannelAsync(string callId, CancellationToken cancellationToken)
    {
        await _normalizerLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _normalizer.CallerChannel(callId);
        }
        finally
        {
            _normalizerLock.Release();
        }
    }

    /// <summary>Closes the session (what was read before the close is still delivered) and stops reconnecting.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }

        _connection?.Close("middleware stopping");
        await _run.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stop.Dispose();
    }
}
