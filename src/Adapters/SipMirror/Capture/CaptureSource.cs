using Middleware.Adapters.SipMirror.Dialogs;
using PacketDotNet;
using SharpPcap;
using SharpPcap.LibPcap;

namespace Middleware.Adapters.SipMirror.Capture;

/// <summary>
/// Captures live from an interface (SharpPcap over libpcap, BPF filter in the kernel) on its own
/// thread, and runs the frames through one <see cref="CaptureReader"/> on the mirror processing
/// loop (<see cref="MirrorSource{TOptions, TPacket}"/>), so a call's events keep their order.
/// </summary>
public sealed class CaptureSource : MirrorSource<CaptureSourceOptions, CaptureSource.Frame>
{
    private LibPcapLiveDevice? _device;
    private Thread? _capture;

    public CaptureSource(CaptureSourceOptions options, EventFactory factory, ILogger logger)
        : base(options.Clone(), factory, logger) => Reader = new CaptureReader(Processor);

    public override string Protocol => "capture";

    public CaptureReader Reader { get; }

    /// <summary>What the kernel reported dropped (buffer full), when it can tell; read at stop.</summary>
    public long KernelDropped { get; private set; }

    protected override string DescribeInputs() => $"{Received} frame(s)";

    /// <summary>Opens the interface; a missing interface or permission comes back with the interface name and libpcap's reason.</summary>
    protected override string? OpenInputs()
    {
        var device = LibPcapLiveDeviceList.New().FirstOrDefault(d => d.Name == Options.Interface);
        if (device is null)
        {
            return $"capture {Name}: no interface '{Options.Interface}' (have: {string.Join(", ", LibPcapLiveDeviceList.New().Select(d => d.Name))})";
        }

        try
        {
            device.Open(new DeviceConfiguration
            {
                Mode = Options.Promiscuous ? DeviceModes.Promiscuous : DeviceModes.None,
                Snaplen = 65535,
                ReadTimeout = 100,
                BufferSize = Options.BufferMegabytes * 1024 * 1024,
                Immediate = true,
            });
            device.Filter = Options.Filter;
        }
        catch (PcapException ex)
        {
            device.Dispose();
            return $"capture {Name}: cannot capture on '{Options.Interface}' with filter '{Options.Filter}': {ex.Message}";
        }

        _device = device;
        var link = device.LinkType;
        _capture = new Thread(() => CaptureLoop(device, link)) { IsBackground = true, Name = $"capture {Name}" };
        _capture.Start();
        Logger.LogInformation("capture {Source}: on {Interface} ({Link}) with filter '{Filter}'", Name, Options.Interface, link, Options.Filter);
        return null;
    }

    private void CaptureLoop(LibPcapLiveDevice device, LinkLayers link)
    {
        while (!Stopping.IsCancellationRequested)
        {
            var status = device.GetNextPacket(out var packet);
            if (status == GetPacketStatus.PacketRead)
            {
                if (!CaptureReader.TryToTime(packet.Header.Timeval, out var at))
                {
                    continue; // a kernel timestamp no calendar holds: nothing to place the frame at
                }

                if (!Enqueue(new Frame(link, packet.Data.ToArray(), at)))
                {
                    return;
                }
            }
            else if (status == GetPacketStatus.Error)
            {
                Logger.LogError("capture {Source}: libpcap read failed on {Interface}: {Error}", Name, Options.Interface, device.LastError);
                InputsFailed($"capture {Name}: libpcap read failed on '{Options.Interface}': {device.LastError}");
                return;
            }
        }
    }

    protected override void Process(Frame packet, List<SipCallEvent> events) => Reader.Add(packet.Link, packet.Bytes, packet.At, events);

    protected override Task CloseInputsAsync()
    {
        _capture?.Join(TimeSpan.FromSeconds(5)); // the read timeout (100 ms) bounds how long it takes to notice
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

        return Task.CompletedTask;
    }

    /// <summary>One captured frame, with its link layer and capture time.</summary>
    public readonly record struct Frame(LinkLayers Link, byte[] Bytes, DateTimeOffset At);
}
