using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Middleware.Adapters.SipMirror.Dialogs;
using Middleware.Core.Events;
using Middleware.Core.Journal;
using Middleware.Core.Pipeline;

namespace Middleware.Adapters.SipMirror.Hep;

/// <summary>
/// Listens for HEP on UDP (and optionally TCP), and runs every captured packet through one
/// <see cref="SipMirrorProcessor"/> on a single loop, so a call's events keep their order. Events
/// carry the agent's capture time and the raw SIP they came from.
/// </summary>
public sealed class HepSource : IAsyncDisposable
{
    private readonly HepSourceOptions _options;
    private readonly MirrorPublisher _publish;
    private readonly EventFactory _factory;
    private readonly ILogger _logger;
    private readonly Channel<Captured> _queue;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private Socket? _udp;
    private TcpListener? _tcp;
    private Task _processing = Task.CompletedTask;

    public HepSource(HepSourceOptions options, IEventPublisher publisher, EventFactory factory, ILogger logger)
    {
        _options = options.Clone();
        _factory = factory;
        _logger = logger;
        _options.Calls.CallIdPrefix = _options.Name + ":";
        Processor = new SipMirrorProcessor(_options.Calls, _options.Rtp);
        _publish = new MirrorPublisher(_options.Name, publisher, factory, logger);
        _queue = Channel.CreateBounded<Captured>(new BoundedChannelOptions(_options.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    public string Name => _options.Name;

    public SipMirrorProcessor Processor { get; }

    public int? UdpPort => (_udp?.LocalEndPoint as IPEndPoint)?.Port;

    public int? TcpPort => (_tcp?.LocalEndpoint as IPEndPoint)?.Port;

    public bool Listening { get; private set; }

    /// <summary>The UDP receive buffer the kernel granted, in bytes.</summary>
    public int? UdpReceiveBuffer { get; private set; }

    private const int RequestedBuffer = 16 * 1024 * 1024;

    public long Received => Interlocked.Read(ref _received);

    private long _received;

    public void Start()
    {
        var address = IPAddress.Parse(_options.Address);
        if (_options.UdpPort >= 0)
        {
            _udp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = RequestedBuffer };
            _udp.Bind(new IPEndPoint(address, _options.UdpPort));

            // Linux caps the buffer at net.core.rmem_max (and reports double what it grants): a burst
            // bigger than the buffer is dropped by the kernel before this process sees it.
            UdpReceiveBuffer = _udp.ReceiveBufferSize;
            if (UdpReceiveBuffer < RequestedBuffer)
            {
                _logger.LogWarning("HEP {Source}: the kernel granted a {Granted} KiB UDP receive buffer of the {Requested} KiB asked; raise net.core.rmem_max so bursts are not dropped",
                    Name, UdpReceiveBuffer / 1024, RequestedBuffer / 1024);
            }
            _loops.Add(Task.Run(() => ReceiveUdpAsync(_udp, _stop.Token)));
        }

        if (_options.TcpPort >= 0)
        {
            _tcp = new TcpListener(address, _options.TcpPort);
            _tcp.Start();
            _loops.Add(Task.Run(() => AcceptTcpAsync(_tcp, _stop.Token)));
        }

        _loops.Add(Task.Run(() => MirrorTicks.RunAsync(_queue.Writer, _factory.Time, _stop.Token)));
        _processing = Task.Run(ProcessAsync);
        Listening = true;
        _logger.LogInformation("HEP {Source}: listening on udp {Udp} tcp {Tcp}", Name, UdpPort?.ToString() ?? "off", TcpPort?.ToString() ?? "off");
    }

    private async Task ReceiveUdpAsync(Socket socket, CancellationToken cancellationToken)
    {
        EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);

        // One datagram-sized buffer to receive into; each packet is copied out into a pooled array of
        // its own size, so a deep queue holds packets, not 64 KB buffers.
        var datagram = GC.AllocateUninitializedArray<byte>(65536, pinned: true);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var result = await socket.ReceiveFromAsync(datagram, SocketFlags.None, any, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _received);
                var copy = ArrayPool<byte>.Shared.Rent(result.ReceivedBytes);
                datagram.AsSpan(0, result.ReceivedBytes).CopyTo(copy);
                await _queue.Writer.WriteAsync(new Captured(copy, result.ReceivedBytes, (IPEndPoint)result.RemoteEndPoint), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                // ICMP port unreachable echoes, oversized datagrams: keep listening
            }
        }
    }

    private async Task AcceptTcpAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _ = Task.Run(() => ReadTcpAsync(client, cancellationToken), cancellationToken);
        }
    }

    /// <summary>HEP3 over TCP is framed by its own length field; garbage is skipped up to the next "HEP3".</summary>
    private async Task ReadTcpAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using var _ = client;
        var peer = (IPEndPoint)client.Client.RemoteEndPoint!;
        var reader = PipeReader.Create(client.GetStream());
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (true)
                {
                    var found = HepStreamFramer.TryRead(ref buffer, out var frame, out var skipped);
                    if (skipped > 0)
                    {
                        Processor.Reject("hep: tcp bytes between packets", $"HEP over TCP from {peer}: skipped {skipped} byte(s) that were not HEP3");
                    }

                    if (!found)
                    {
                        break;
                    }

                    var copy = ArrayPool<byte>.Shared.Rent((int)frame.Length);
                    frame.CopyTo(copy);
                    Interlocked.Increment(ref _received);
                    await _queue.Writer.WriteAsync(new Captured(copy, (int)frame.Length, peer), cancellationToken).ConfigureAwait(false);
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException)
        {
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Runs until the queue is completed at stop, so what was captured before the stop is still published.</summary>
    private async Task ProcessAsync()
    {
        var events = new List<SipCallEvent>();
        await foreach (var item in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            events.Clear();
            if (item.Buffer is null)
            {
                Processor.Sweep(_factory.Time.GetUtcNow(), events);
            }
            else
            {
                try
                {
                    Handle(item, events);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(item.Buffer);
                }
            }

            await _publish.PublishAsync(events, _stop.Token).ConfigureAwait(false);
        }
    }

    private void Handle(Captured item, List<SipCallEvent> events)
    {
        var bytes = item.Buffer.AsMemory(0, item.Length);
        var packet = HepParser.Parse(bytes, out var error);
        if (packet is null)
        {
            Processor.Reject("hep: " + error!.Split(" at byte")[0].Split(" (")[0], $"HEP from {item.From}: {error}");
            return;
        }

        if (_options.AuthKey is { } key && packet.AuthKey != key)
        {
            Processor.Reject("hep: auth key mismatch", $"HEP from {item.From}: auth key missing or wrong");
            return;
        }

        var at = packet.CapturedAt == DateTimeOffset.UnixEpoch ? _factory.Time.GetUtcNow() : packet.CapturedAt;
        switch (packet.PayloadType)
        {
            case HepPayloadType.Sip:
                // The payload is copied out of the pooled buffer: the message (and its raw bytes) outlive this packet.
                Processor.Sip(packet.Payload.ToArray(), at, packet.Source, events);
                break;
            case HepPayloadType.Rtp when packet.Source is { } s && packet.Destination is { } d:
                Processor.Rtp(packet.Payload.Span, s, d, at, events);
                break;
            case HepPayloadType.Rtcp when packet.Source is { } s && packet.Destination is { } d && packet.Payload.Span.TrimStart(" \t\r\n"u8).StartsWith("{"u8):
                Processor.RtcpJson(packet.Payload.Span, s, d); // Asterisk res_hep_rtcp, rtpengine, rtpproxy, FreeSWITCH
                break;
            case HepPayloadType.Rtcp when packet.Source is { } s && packet.Destination is { } d:
                Processor.Rtcp(packet.Payload.Span, s, d);
                break;
            default:
                Processor.Reject($"hep: payload type {packet.PayloadType} not used", $"HEP from {item.From}: payload type {(int)packet.PayloadType} ignored");
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Listening = false;
        await _stop.CancelAsync().ConfigureAwait(false);
        _udp?.Dispose();
        _tcp?.Stop();
        await Task.WhenAll(_loops).ConfigureAwait(false);
        _queue.Writer.TryComplete();
        await _processing.ConfigureAwait(false);
        _stop.Dispose();
    }

    private readonly record struct Captured(byte[] Buffer, int Length, IPEndPoint From);
}
