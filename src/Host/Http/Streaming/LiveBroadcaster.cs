using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;

namespace Middleware.Host.Http.Streaming;

/// <summary>
/// A pipeline sink that fans processed events out to the dashboards connected by server-sent
/// events: each call's change with its fresh snapshot, and the queue board every second. A slow
/// browser loses its oldest messages (counted), never slows the pipeline.
/// </summary>
public sealed class LiveBroadcaster : IEventSink, IAsyncDisposable
{
    private const int ClientBuffer = 2048;
    private readonly ConcurrentDictionary<Guid, Channel<string>> _clients = new();
    private readonly CancellationTokenSource _stop = new();
    private CallStateStore? _state;
    private Task _board = Task.CompletedTask;
    private long _dropped;

    public string Name => "dashboard";

    /// <summary>
    /// Everything a browser shows: not the audio. A 1 s chunk is 16 KB of PCM per leg, JSON-encoded
    /// for every browser; the board shows what speech recognition makes of it instead.
    /// </summary>
    public IReadOnlyCollection<string> Kinds { get; } = EventKinds.All.Where(k => k != EventKinds.AudioChunk).ToArray();

    public int Clients => _clients.Count;

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Starts the once-a-second queue board.</summary>
    public void Start(CallStateStore state, TimeProvider time)
    {
        _state = state;
        _board = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
                {
                    if (!_clients.IsEmpty)
                    {
                        Broadcast("board", Board(state));
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    public static object Board(CallStateStore state) => new { queues = state.Queues(), agents = state.Agents(), at = DateTimeOffset.UtcNow };

    public ValueTask OnEventAsync(EventEnvelope envelope, CancellationToken cancellationToken)
    {
        if (_clients.IsEmpty)
        {
            return ValueTask.CompletedTask;
        }

        var view = ApiJson.View(envelope);
        var call = envelope.CallId is { } id ? _state?.GetBoardCall(id) : null;
        Broadcast(call is null ? "event" : "call", new { @event = view, call });
        return ValueTask.CompletedTask;
    }

    public (Guid Id, ChannelReader<string> Reader) Subscribe()
    {
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(ClientBuffer) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
        var id = Guid.NewGuid();
        _clients[id] = channel;
        return (id, channel.Reader);
    }

    public void Unsubscribe(Guid id)
    {
        if (_clients.TryRemove(id, out var channel))
        {
            channel.Writer.TryComplete();
        }
    }

    private void Broadcast(string type, object data)
    {
        var frame = $"event: {type}\ndata: {JsonSerializer.Serialize(data, ApiJson.Options)}\n\n";
        foreach (var client in _clients.Values)
        {
            client.Writer.TryWrite(frame);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _board.ConfigureAwait(false);
        foreach (var id in _clients.Keys)
        {
            Unsubscribe(id);
        }

        _stop.Dispose();
    }
}
