namespace Middleware.Adapters.Ami.Client;

public enum AmiConnectionState { Connecting, Connected, Disconnected, Stopped }

/// <summary>What health checks and the console show for one PBX.</summary>
public sealed class AmiSourceStatus
{
    private long _eventsReceived;
    private long _framingErrors;
    private long _reconnects;
    private long _handlerFailures;

    public AmiConnectionState State { get; internal set; } = AmiConnectionState.Connecting;

    public string? Banner { get; internal set; }

    public string? LastError { get; internal set; }

    public DateTimeOffset? ConnectedSince { get; internal set; }

    public long EventsReceived => Interlocked.Read(ref _eventsReceived);

    public long FramingErrors => Interlocked.Read(ref _framingErrors);

    public long Reconnects => Interlocked.Read(ref _reconnects);

    public long HandlerFailures => Interlocked.Read(ref _handlerFailures);

    internal void CountEvents(int n) => Interlocked.Add(ref _eventsReceived, n);

    internal void CountFramingError() => Interlocked.Increment(ref _framingErrors);

    internal void CountReconnect() => Interlocked.Increment(ref _reconnects);

    internal void CountHandlerFailure() => Interlocked.Increment(ref _handlerFailures);
}
