using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Middleware.Adapters.SipMirror.Dialogs;
using Middleware.Core.Events;
using Middleware.Core.Pipeline;
using PacketDotNet;
using SharpPcap;
using SharpPcap.LibPcap;

namespace Middleware.Adapters.SipMirror.Capture;

/// <summary>
/// Captures live from an interface (SharpPcap over libpcap, BPF filter in the kernel) on its own
/// thread, and runs the frames through one <see cref="CaptureReader"/> on a single processing loop,
/// so a call's events keep their order. Timers run on a tick even when the wire is quiet.
/// </summary>
public sealed class CaptureSource : IAsyncDisposable
{
    private readonly CaptureSourceOptions _options;
    private readonly EventFactory _factory;
    private readonly ILogger _logger;
    private readonly MirrorPublisher _publish;
    private readonly Channel<Frame> _queue;
    private readonly CancellationTokenSource _stop = new();
    private LibPcapLiveDevice? _device;
    private Thread? _capture;
    private Task _processing = Task.CompletedTask;
    private Task _ticks = Task.CompletedTask;
    private long _captured;

    public CaptureSource(CaptureSourceOptions options, IEventPublisher publisher, EventFactory factory, ILogger logger)
    {
        _options = options.Clone();
        _options.Calls.CallIdPrefix = _options.Name + ":";
        _factory = factory;
        _logger = logger;
        Processor = new SipMirrorProcessor(_options.Calls, _options.Rtp);
        Reader = new CaptureReader(Processor);
        _publish = new MirrorPublisher(_options.Name, publisher, factory, logger);
        _queue = Channel.CreateBounded<Frame>(new BoundedChannelOptions(_options.QueueCapacity) { SingleReader = true, SingleWriter = false, FullMode = BoundedChannelFullMode.Wait });
    }

    public string Name => _options.Name;

    public SipMirrorProcessor Processor { get; }

    public CaptureReader Reader { get; }

    public bool Capturing { get; private set; }

    /// <summary>Why <see cref="Start"/> failed (no such interface, no permission), for health reports.</summary>
    public string? StartError { get; set; }

    public long Captured => Interlocked.Read(ref _captured);

    /// <summary>What the kernel reported dropped (buffer full), when it can tell.</summary>
    public long KernelDropped { get; private set; }

    /// <summary>Opens the interface; throws with the interface name and libpcap's reason (no such device, no permission).</summary>
    public void Start()
    {
        var device = LibPcapLiveDeviceList.New().FirstOrDefault(d => d.Name == _options.Interface)
            ?? throw new InvalidOperationException($"capture {Name}: no interface '{_options.Interface}' (have: {string.Join(", ", LibPcapLiveDeviceList.New().Select(d => d.Name))})");
        try
        {
            device.Open(new DeviceConfiguration
            {
                Mode = _options.Promiscuous ? DeviceModes.Promiscuous : DeviceModes.None,
                Snaplen = 65535,
                ReadTimeout = 100,
                BufferSize = _options.BufferMegabytes * 1024 * 1024,
                Immediate = true,
            });
            device.Filter = _options.Filter;
        }
        catch (PcapException ex)
        {
            device.Dispose();
            throw new InvalidOperationException($"capture {Name}: cannot capture on '{_options.Interface}' with filter '{_options.Filter}': {ex.Message}", ex);
        }

        _device = device;
        var link = device.LinkType;
        _capture = new Thread(() => CaptureLoop(device, link)) { IsBackground = true, Name = $"capture {Name}" };
        _capture.Start();
        _processing = Task.Run(ProcessAsync);
        _ticks = Task.Run(() => MirrorTicks.RunAsync(_queue.Writer, _factory.Time, _stop.Token));
        Capturing = true;
        _logger.LogInformation("capture {Source}: on {Interface} ({Link}) with filter '{Filter}'", Name, _options.Interface, link, _options.Filter);
    }

    private void CaptureLoop(LibPcapLiveDevice device, LinkLayers link)
    {
        while (!_stop.IsCancellationRequested)
        {
            var status = device.GetNextPacket(out var packet);
            if (status == GetPacketStatus.PacketRead)
            {
                Interlocked.Increment(ref _captured);
                var frame = new Frame(link, packet.Data.ToArray(), ToTime(packet.Header.Timeval));

                // Blocking here when processing lags leaves frames in the kernel buffer, which is what it is for.
                while (!_queue.Writer.TryWrite(frame))
                {
                    if (!_queue.Writer.WaitToWriteAsync(_stop.Token).AsTask().GetAwaiter().GetResult())
                    {
                        return;
                    }
                }
            }
            else if (status == GetPacketStatus.Error)
            {
                _logger.LogError("capture {Source}: libpcap read failed on {Interface}: {Error}", Name, _options.Interface, device.LastError);
                Capturing = false;
                return;
            }
        }
    }

    /// <summary>Runs until the queue is completed at stop, so what was captured before the stop is still published.</summary>
    private async Task ProcessAsync()
    {
        var events = new List<SipCallEvent>();
        await foreach (var frame in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            events.Clear();
            if (frame.Bytes is null)
            {
                Processor.Sweep(_factory.Time.GetUtcNow(), events);
            }
            else
            {
                Reader.Add(frame.Link, frame.Bytes, frame.At, events);
            }

            await _publish.PublishAsync(events, _stop.Token).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Capturing = false;
        await _stop.CancelAsync().ConfigureAwait(false);
        _capture?.Join(TimeSpan.FromSeconds(5)); // the read timeout (100 ms) bounds how long it takes to notice
        await _ticks.ConfigureAwait(false);
        _queue.Writer.TryComplete();
        await _processing.ConfigureAwait(false);
        if (_device is not null)
        {
            try
            {
                KernelDropped = _device.Statistics?.DroppedPackets ?? 0;
            }
            catch (PcapException)
            {
            }

            _device.Dispose();
        }

        _stop.Dispose();
    }

    private static DateTimeOffset ToTime(PosixTimeval time) =>
        DateTimeOffset.FromUnixTimeSeconds((long)time.Seconds).AddTicks((long)time.MicroSeconds * 10);

    private readonly record struct Frame(LinkLayers Link, byte[]? Bytes, DateTimeOffset At);
}
