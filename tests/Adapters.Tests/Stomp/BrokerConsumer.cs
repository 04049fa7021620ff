using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Adapters.Stomp.Client;

namespace Middleware.Adapters.Tests.Stomp;

/// <summary>
/// A consumer as a downstream system would write one: subscribes with client-individual acks,
/// keeps reconnecting across broker restarts, and drops repeats by mw-message-id.
/// </summary>
internal sealed class BrokerConsumer : IAsyncDisposable
{
    private readonly StompOptions _options;
    private readonly string _destination;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, bool> _seen = new();
    private readonly Task _run;
    private long _duplicates;
    private int _connections;

    public BrokerConsumer(int port, string destination)
    {
        _options = new StompOptions { Port = port, HeartBeat = TimeSpan.FromSeconds(1) };
        _destination = destination;
        _run = Task.Run(RunAsync);
    }

    /// <summary>First deliveries in arrival order: (message id, call id, journal position).</summary>
    public List<(string Id, string? CallId, long Position)> Received { get; } = [];

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public int Unique => _seen.Count;

    /// <summary>Connections after the first: each one lets the broker redeliver what was unacked.</summary>
    public int Reconnects => Math.Max(0, Volatile.Read(ref _connections) - 1);

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = await StompConnection.ConnectAsync(_options, TimeProvider.System, NullLogger.Instance, _stop.Token);
                Interlocked.Increment(ref _connections);
                await connection.SubscribeAsync(_destination, async m =>
                {
                    var id = m["mw-message-id"]!;
                    if (_seen.TryAdd(id, true))
                    {
                        lock (Received)
                        {
                            Received.Add((id, m["mw-call-id"], long.Parse(m["mw-position"]!, System.Globalization.CultureInfo.InvariantCulture)));
                        }
                    }
                    else
                    {
                        Interlocked.Increment(ref _duplicates);
                    }

                    await m.AckAsync();
                }, cancellationToken: _stop.Token);
                await connection.Closed.WaitAsync(_stop.Token);
            }
            catch (Exception) when (!_stop.IsCancellationRequested)
            {
                await Task.Delay(200);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
    }
}
