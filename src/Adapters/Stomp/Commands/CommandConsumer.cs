using Middleware.Adapters.Stomp.Client;
using Middleware.Adapters.Stomp.Publishing;
using Polly;

namespace Middleware.Adapters.Stomp.Commands;

/// <summary>
/// Takes commands from the broker's commands queue (client-individual acks). A malformed command
/// goes straight to the dead-letter destination with the reason; one that fails for a reason that
/// may pass is tried up to N times, then dead-lettered. Every command is acknowledged only after it
/// was carried out or dead-lettered, so none is lost. A source in the runtime's list like the
/// others: what it hears acts on the write-back gate (whose switches are journaled there), so it
/// publishes nothing itself.
/// </summary>
public sealed class CommandConsumer : IEventSource
{
    private readonly BrokerOptions _options;
    private readonly WriteBackGate _gate;
    private readonly Func<CancellationToken, Task<string>>? _reloadConfig;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _reconnect;
    private readonly CancellationTokenSource _stop = new();
    private Task _run = Task.CompletedTask;
    private int _started;
    private bool _subscribedBefore;
    private string? _lastError;
    private long _reconnects;
    private long _handled;
    private long _deadLettered;

    public CommandConsumer(BrokerOptions options, WriteBackGate gate, Func<CancellationToken, Task<string>>? reloadConfig, TimeProvider time, ILogger logger)
    {
        _options = options.Clone();
        _gate = gate;
        _reloadConfig = reloadConfig;
        _time = time;
        _logger = logger;
        _reconnect = Backoff.Reconnect(time, _options.Stomp.ReconnectDelay, _options.Stomp.MaxReconnectDelay, (error, _) => _lastError = error?.Message);
    }

    /// <summary>The broker's name in health: commands come from the one broker the config names.</summary>
    public string Name => "broker";

    public string Protocol => "broker-commands";

    public SourceHealth Health => new(Subscribed, Subscribed
        ? $"{_options.CommandsDestination}: {Handled} command(s) carried out, {DeadLettered} dead-lettered"
        : _lastError ?? $"not subscribed to {_options.CommandsDestination}", Subscribed ? null : _lastError)
    {
        Received = Handled + DeadLettered,
        Rejected = DeadLettered,
        Reconnects = Interlocked.Read(ref _reconnects),
    };

    public long Handled => Interlocked.Read(ref _handled);

    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    public bool Subscribed { get; private set; }

    /// <summary>Subscribes in the background (reconnecting with backoff) and returns; the publisher is not needed.</summary>
    public Task StartAsync(IEventPublisher publisher, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            throw new InvalidOperationException("the broker command consumer is already started");
        }

        _run = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _reconnect.ExecuteAsync(async ct =>
                {
                    await using var connection = await StompConnection.ConnectAsync(_options.Stomp, _time, _logger, ct).ConfigureAwait(false);
                    await connection.SubscribeAsync(_options.CommandsDestination!, m => HandleAsync(connection, m, ct), cancellationToken: ct).ConfigureAwait(false);
                    if (_subscribedBefore)
                    {
                        Interlocked.Increment(ref _reconnects);
                    }

                    (Subscribed, _subscribedBefore) = (true, true);
                    _lastError = null;
                    await connection.Closed.WaitAsync(ct).ConfigureAwait(false);
                    Subscribed = false;
                    throw new StompConnectionLostException(connection.Closed.Result);
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        Subscribed = false;
    }

    private async ValueTask HandleAsync(StompConnection connection, StompMessage message, CancellationToken cancellationToken)
    {
        string? failure = null;
        var attempts = 0;
        try
        {
            var command = BrokerCommand.Parse(message.BodyText);
            while (true)
            {
                attempts++;
                try
                {
                    await ExecuteAsync(command, cancellationToken).ConfigureAwait(false);
                    Interlocked.Increment(ref _handled);
                    break;
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not InvalidCommandException)
                {
                    _logger.LogWarning("broker command {MessageId} failed (attempt {Attempt} of {Max}): {Error}", message.MessageId, attempts, _options.CommandAttempts, ex.Message);
                    if (attempts >= _options.CommandAttempts)
                    {
                        failure = $"failed {attempts} time(s): {ex.Message}";
                        break;
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(200 * attempts), _time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (InvalidCommandException ex)
        {
            failure = ex.Message;
        }

        if (failure is not null)
        {
            await DeadLetterAsync(connection, message, failure, attempts, cancellationToken).ConfigureAwait(false);
        }

        await message.AckAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ExecuteAsync(BrokerCommand command, CancellationToken cancellationToken)
    {
        switch (command)
        {
            case SetWriteBackMode set:
                await _gate.SetModeAsync(set.Mode, "broker:" + set.By, cancellationToken).ConfigureAwait(false);
                break;
            case ReloadConfig reload:
                var outcome = _reloadConfig is null ? throw new InvalidCommandException("this process was not started from a config file") : await _reloadConfig(cancellationToken).ConfigureAwait(false);
                _logger.LogWarning("config reloaded by broker:{By}: {Outcome}", reload.By, outcome);
                break;
        }
    }

    private async Task DeadLetterAsync(StompConnection connection, StompMessage message, string reason, int attempts, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _deadLettered);
        _logger.LogError("broker command {MessageId} dead-lettered: {Reason}", message.MessageId, reason);
        await connection.SendAsync(_options.DeadLetterDestination,
        [
            new("persistent", "true"),
            new("content-type", message["content-type"] ?? "application/json"),
            new("mw-dead-letter-reason", reason),
            new("mw-original-destination", message.Destination ?? ""),
            new("mw-original-message-id", message.MessageId ?? ""),
            new("mw-attempts", attempts.ToString(CultureInfo.InvariantCulture)),
        ], message.Frame.Body, receipt: true, cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }

        await _run.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stop.Dispose();
    }
}
