using System.Globalization;
using Microsoft.Extensions.Logging;
using Middleware.Adapters.Stomp.Client;
using Middleware.Adapters.Stomp.Publishing;
using Middleware.Core.WriteBack;
using Middleware.Core.Resilience;
using Polly;

namespace Middleware.Adapters.Stomp.Commands;

/// <summary>
/// Takes commands from the broker's commands queue (client-individual acks). A malformed command
/// goes straight to the dead-letter destination with the reason; one that fails for a reason that
/// may pass is tried up to N times, then dead-lettered. Every command is acknowledged only after it
/// was carried out or dead-lettered, so none is lost.
/// </summary>
public sealed class CommandConsumer : IAsyncDisposable
{
    private readonly BrokerOptions _options;
    private readonly WriteBackGate _gate;
    private readonly Func<CancellationToken, Task<string>>? _reloadConfig;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _reconnect;
    private readonly CancellationTokenSource _stop = new();
    private Task _run = Task.CompletedTask;
    private long _handled;
    private long _deadLettered;

    public CommandConsumer(BrokerOptions options, WriteBackGate gate, Func<CancellationToken, Task<string>>? reloadConfig, TimeProvider time, ILogger logger)
    {
        _options = options.Clone();
        _gate = gate;
        _reloadConfig = reloadConfig;
        _time = time;
        _logger = logger;
        _reconnect = Backoff.Reconnect(time, _options.Stomp.ReconnectDelay, _options.Stomp.MaxReconnectDelay);
    }

    public long Handled => Interlocked.Read(ref _handled);

    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    public bool Subscribed { get; private set; }

    public void Start() => _run = Task.Run(() => RunAsync(_stop.Token));

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
                    Subscribed = true;
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

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _run.ConfigureAwait(false);
        _stop.Dispose();
    }
}
