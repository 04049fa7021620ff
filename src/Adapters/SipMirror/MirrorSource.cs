using System.Threading.Channels;
using Middleware.Adapters.SipMirror.Dialogs;

namespace Middleware.Adapters.SipMirror;

/// <summary>
/// What a HEP listener and a capture interface share: whatever receives packets (sockets, a libpcap
/// thread) only queues them, and one processing loop runs them through one
/// <see cref="SipMirrorProcessor"/> in arrival order, so a call's events keep their order; a tick
/// every second runs the call timers when the wire is quiet. The queue is bounded: when processing
/// lags, receiving waits and the kernel's buffer absorbs the burst.
/// </summary>
/// <typeparam name="TOptions">The source's options: a private copy, taken by the derived constructor.</typeparam>
/// <typeparam name="TPacket">What the receiving side queues (a datagram with its sender, a captured frame).</typeparam>
public abstract class MirrorSource<TOptions, TPacket> : IEventSource
    where TOptions : MirrorSourceOptions
    where TPacket : struct
{
    private readonly Channel<TPacket?> _queue;
    private readonly CancellationTokenSource _stop = new();
    private MirrorPublisher? _publish;
    private Task _processing = Task.CompletedTask;
    private Task _ticks = Task.CompletedTask;
    private long _received;
    private int _stopped;
    private volatile string? _failure;

    protected MirrorSource(TOptions options, EventFactory factory, ILogger logger)
    {
        Options = options;
        Name = options.Name;
        Factory = factory;
        Logger = logger;
        options.Calls.CallIdPrefix = options.Name + ":";
        Processor = new SipMirrorProcessor(options.Calls, options.Rtp);
        _queue = Channel.CreateBounded<TPacket?>(new BoundedChannelOptions(options.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    public string Name { get; }

    public abstract string Protocol { get; }

    public SipMirrorProcessor Processor { get; }

    /// <summary>Packets (or frames) taken in since start.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>True while the inputs are open and the loop runs.</summary>
    public bool Listening { get; private set; }

    public SourceHealth Health => _failure is { } failure
        ? new SourceHealth(false, failure, failure) { Received = Received, Rejected = Processor.RejectedTotal }
        : new SourceHealth(Listening, $"{DescribeInputs()}, {Processor.RejectedTotal} rejected{(Processor.LastRejection is { } r ? "; last: " + r : "")}")
        {
            Received = Received,
            Rejected = Processor.RejectedTotal,
        };

    protected TOptions Options { get; }

    protected EventFactory Factory { get; }

    protected ILogger Logger { get; }

    /// <summary>Cancelled when the source stops; receive loops end on it.</summary>
    protected CancellationToken Stopping => _stop.Token;

    /// <summary>
    /// Opens the sockets or the interface and starts receiving into <see cref="EnqueueAsync"/>; returns
    /// why it could not (port in use, no such interface, no permission), null when it could.
    /// </summary>
    protected abstract string? OpenInputs();

    /// <summary>Closes the inputs and waits for the receive loops to end (called once, at stop, before the queue drains).</summary>
    protected abstract Task CloseInputsAsync();

    /// <summary>Runs one packet through <see cref="Processor"/>, on the processing loop.</summary>
    protected abstract void Process(TPacket packet, List<SipCallEvent> events);

    /// <summary>The inputs and what they took in, for health: "udp 9060, tcp off; 12 packet(s)".</summary>
    protected abstract string DescribeInputs();

    public Task StartAsync(IEventPublisher publisher, CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _publish, new MirrorPublisher(Name, publisher, Factory, Logger), null) is not null)
        {
            throw new InvalidOperationException($"{Protocol} {Name} is already started");
        }

        if (OpenInputs() is { } failure)
        {
            // Reported on /health/ready by name; the other sources keep serving.
            Logger.LogError("{Error}", failure);
            _failure = failure;
            return Task.CompletedTask;
        }

        _ticks = Task.Run(() => MirrorTicks.RunAsync(_queue.Writer, Factory.Time, _stop.Token), CancellationToken.None);
        _processing = Task.Run(ProcessAsync, CancellationToken.None);
        Listening = true;
        return Task.CompletedTask;
    }

    /// <summary>Queues a received packet for the processing loop; waits while the queue is full.</summary>
    protected ValueTask EnqueueAsync(TPacket packet, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _received);
        return _queue.Writer.WriteAsync(packet, cancellationToken);
    }

    /// <summary>
    /// The same for a receiving thread of its own (libpcap's): blocking while the queue is full leaves
    /// frames in the kernel buffer, which is what it is for. False once the source is stopping.
    /// </summary>
    protected bool Enqueue(TPacket packet)
    {
        Interlocked.Increment(ref _received);
        try
        {
            while (!_queue.Writer.TryWrite(packet))
            {
                if (!_queue.Writer.WaitToWriteAsync(_stop.Token).AsTask().GetAwaiter().GetResult())
                {
                    return false;
                }
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The inputs failed while running (libpcap read error): unhealthy, with the reason.</summary>
    protected void InputsFailed(string error)
    {
        _failure = error;
        Listening = false;
    }

    /// <summary>Runs until the queue is completed at stop, so what was received before the stop is still published.</summary>
    private async Task ProcessAsync()
    {
        var events = new List<SipCallEvent>();
        await foreach (var packet in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            events.Clear();
            if (packet is { } received)
            {
                Process(received, events);
            }
            else
            {
                Processor.Sweep(Factory.Time.GetUtcNow(), events); // the tick
            }

            await _publish!.PublishAsync(events, _stop.Token).ConfigureAwait(false);
        }
    }

    /// <summary>Closes the inputs, then publishes what was already queued, then returns.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            Listening = false;
            await _stop.CancelAsync().ConfigureAwait(false);
            await CloseInputsAsync().ConfigureAwait(false);
            await _ticks.ConfigureAwait(false);
            _queue.Writer.TryComplete();
        }

        await _processing.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
