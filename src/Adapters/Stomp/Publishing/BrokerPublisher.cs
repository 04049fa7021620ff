using Middleware.Adapters.Stomp.Client;
using Polly;

namespace Middleware.Adapters.Stomp.Publishing;

/// <summary>
/// Publishes every journaled event to the broker, the journal being the outbox: it reads the
/// journal from its durable cursor, sends a busy page as one broker transaction committed with a
/// receipt and a quiet one message by message with receipts (several in flight), and moves the
/// cursor only over what the broker confirmed. After a broker outage or a restart of the
/// middleware it resends from the cursor; consumers drop the few repeats by mw-message-id.
/// </summary>
public sealed class BrokerPublisher : IAsyncDisposable
{
    private static readonly TimeSpan CursorSaveInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Messages per broker transaction (a page of the journal).</summary>
    private const int BatchSize = 200;

    /// <summary>Pages this small are sent message by message (latency beats throughput when it is quiet).</summary>
    private const int SmallPage = 16;
    private readonly BrokerOptions _options;
    private readonly IEventJournal _journal;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _reconnect;
    private readonly CancellationTokenSource _stop = new();
    private Task _run = Task.CompletedTask;
    private long _confirmed;
    private long _published;
    private long _reconnects;
    private DateTimeOffset _lastSave;

    public BrokerPublisher(BrokerOptions options, IEventJournal journal, TimeProvider time, ILogger logger)
    {
        _options = options.Clone();
        _journal = journal;
        _time = time;
        _logger = logger;
        _reconnect = Backoff.Reconnect(time, _options.Stomp.ReconnectDelay, _options.Stomp.MaxReconnectDelay, (error, wait) =>
        {
            Status = "reconnecting: " + error?.Message;
            _logger.LogWarning("broker: {Error}; retrying in {Delay:0.0} s", error?.Message, wait.TotalSeconds);
        });
    }

    /// <summary>Journal position up to which the broker confirmed every event.</summary>
    public long Confirmed => Interlocked.Read(ref _confirmed);

    public long Published => Interlocked.Read(ref _published);

    public long Reconnects => Interlocked.Read(ref _reconnects);

    public bool Connected { get; private set; }

    public string Status { get; private set; } = "starting";

    public void Start() => _run = Task.Run(() => RunAsync(_stop.Token));

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _confirmed, await _journal.GetCursorAsync(_options.CursorName, cancellationToken).ConfigureAwait(false));
        var first = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            StompConnection connection;
            try
            {
                connection = await _reconnect.ExecuteAsync(
                    async ct => await StompConnection.ConnectAsync(_options.Stomp, _time, _logger, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            if (!first)
            {
                Interlocked.Increment(ref _reconnects);
            }

            first = false;
            Connected = true;
            Status = $"connected to {connection.Server}";
            _logger.LogInformation("broker: connected to {Server}; publishing from journal position {Position}", connection.Server, Confirmed);
            try
            {
                await PublishAsync(connection, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                _logger.LogWarning("broker: session ended: {Error}; resending from position {Position}", ex.Message, Confirmed);
            }
            finally
            {
                Connected = false;
                await _journal.SetCursorAsync(_options.CursorName, Confirmed, CancellationToken.None).ConfigureAwait(false);
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task PublishAsync(StompConnection connection, CancellationToken cancellationToken)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _ = connection.Closed.ContinueWith(_ => session.Cancel(), TaskScheduler.Default);

        // A large page of the journal (under load) goes out as one STOMP transaction (BEGIN, SENDs,
        // COMMIT with a receipt): the broker syncs its store once per page, not once per message.
        // A small page (a quiet moment) goes message by message, each with its own receipt, for
        // latency. Sends are in flight together; a second loop takes the receipts in order and
        // moves the cursor over the confirmed prefix.
        var inFlight = System.Threading.Channels.Channel.CreateBounded<(long Position, Task Receipt)>(_options.MaxInFlight);
        var confirmer = ConfirmAsync(inFlight.Reader, session);
        var position = Confirmed;
        try
        {
            while (!session.IsCancellationRequested)
            {
                var waitForMore = _journal.WaitForCommitAsync(TimeSpan.FromSeconds(1), session.Token);
                var page = await _journal.ReadAfterAsync(position, BatchSize, session.Token).ConfigureAwait(false);
                if (page.Count == 0)
                {
                    await waitForMore.ConfigureAwait(false);
                    continue;
                }

                position = page[^1].Position;
                if (page.Count <= SmallPage)
                {
                    foreach (var entry in page)
                    {
                        foreach (var (destination, headers, body) in Messages(entry))
                        {
                            await inFlight.Writer.WriteAsync((entry.Position, connection.SendAsync(destination, headers, body, receipt: true, session.Token)), session.Token).ConfigureAwait(false);
                        }
                    }

                    continue;
                }

                var tx = connection.NextId("tx");
                await connection.SendFrameAsync("BEGIN", [new("transaction", tx)], default, session.Token).ConfigureAwait(false);
                foreach (var entry in page)
                {
                    foreach (var (destination, headers, body) in Messages(entry))
                    {
                        headers.Add(new("transaction", tx));
                        await connection.SendAsync(destination, headers, body, receipt: false, session.Token).ConfigureAwait(false);
                    }
                }

                await inFlight.Writer.WriteAsync((position, connection.CommitAsync(tx, session.Token)), session.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            inFlight.Writer.TryComplete();
            await confirmer.ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw new StompConnectionLostException(connection.Closed.IsCompleted ? connection.Closed.Result : "session ended");
    }

    /// <summary>The event to the events destination, and decisions also to the decisions destination.</summary>
    private IEnumerable<(string Destination, List<KeyValuePair<string, string>> Headers, byte[] Body)> Messages(JournalEntry entry)
    {
        var body = BrokerMessage.Body(entry.Envelope, entry.Position);
        yield return (_options.EventsDestination, BrokerMessage.Headers(entry.Envelope, entry.Position), body);
        if (_options.DecisionsDestination is { } decisions && BrokerMessage.ForDecisionsQueue(entry.Envelope.Payload))
        {
            yield return (decisions, BrokerMessage.Headers(entry.Envelope, entry.Position), body);
        }
    }

    private async Task ConfirmAsync(System.Threading.Channels.ChannelReader<(long Position, Task Receipt)> receipts, CancellationTokenSource session)
    {
        var lastSaved = Confirmed;
        try
        {
            while (await receipts.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                while (receipts.TryRead(out var sent))
                {
                    await sent.Receipt.ConfigureAwait(false);
                    if (sent.Position > Confirmed)
                    {
                        Interlocked.Add(ref _published, sent.Position - Confirmed);
                        Interlocked.Exchange(ref _confirmed, sent.Position);
                    }
                }

                // Idle or a batch confirmed: make the position durable (at most every 200 ms while busy).
                if (Confirmed != lastSaved && (receipts.Count == 0 || _time.GetUtcNow() - _lastSave > CursorSaveInterval))
                {
                    await _journal.SetCursorAsync(_options.CursorName, Confirmed, CancellationToken.None).ConfigureAwait(false);
                    lastSaved = Confirmed;
                    _lastSave = _time.GetUtcNow();
                }
            }
        }
        catch (Exception ex)
        {
            // An unconfirmed send: end the session; the next one resends from the confirmed prefix.
            _logger.LogDebug(ex, "broker: a send was not confirmed");
            await session.CancelAsync().ConfigureAwait(false);
            while (receipts.TryRead(out var abandoned))
            {
                _ = abandoned.Receipt.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _run.ConfigureAwait(false);
        _stop.Dispose();
    }
}
