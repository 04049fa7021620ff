using System.Buffers.Binary;
using Middleware.Adapters.SipMirror.Dialogs;

namespace Middleware.Adapters.SipMirror.Hep;

/// <summary>
/// Listens for HEP on UDP (and optionally TCP) and queues every packet for the mirror processing
/// loop (<see cref="MirrorSource{TOptions, TPacket}"/>). Events carry the agent's capture time and the raw
/// SIP they came from.
/// </summary>
public sealed class HepSource : MirrorSource<HepSourceOptions, HepSource.Datagram>
{
    private const int RequestedBuffer = 16 * 1024 * 1024;
    private readonly List<Task> _loops = [];
    private Socket? _udp;
    private TcpListener? _tcp;

    public HepSource(HepSourceOptions options, EventFactory factory, ILogger logger)
        : base(options.Clone(), factory, logger)
    {
    }

    public override string Protocol => "hep";

    public int? UdpPort => (_udp?.LocalEndPoint as IPEndPoint)?.Port;

    public int? TcpPort => (_tcp?.LocalEndpoint as IPEndPoint)?.Port;

    /// <summary>Where it listens: "127.0.0.1 udp 9060 tcp off".</summary>
    public string ListeningOn => $"{Options.Address} udp {UdpPort?.ToString() ?? "off"} tcp {TcpPort?.ToString() ?? "off"}";

    /// <summary>The UDP receive buffer the kernel granted, in bytes.</summary>
    public int? UdpReceiveBuffer { get; private set; }

    protected override string DescribeInputs() => $"udp {UdpPort?.ToString() ?? "off"}, tcp {TcpPort?.ToString() ?? "off"}; {Received} packet(s)";

    protected override string? OpenInputs()
    {
        var address = IPAddress.Parse(Options.Address);
        try
        {
            if (Options.UdpPort >= 0)
            {
                _udp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = RequestedBuffer };
                _udp.Bind(new IPEndPoint(address, Options.UdpPort));
            }

            if (Options.TcpPort >= 0)
            {
                _tcp = new TcpListener(address, Options.TcpPort);
                _tcp.Start();
            }
        }
        catch (SocketException ex)
        {
            _udp?.Dispose();
            _tcp?.Stop();
            (_udp, _tcp) = (null, null);
            return $"HEP {Name}: cannot listen on {Options.Address} udp {Port(Options.UdpPort)} tcp {Port(Options.TcpPort)}: {ex.Message}";
        }

        if (_udp is not null)
        {
            // Linux caps the buffer at net.core.rmem_max (and reports double what it grants): a burst
            // bigger than the buffer is dropped by the kernel before this process sees it.
            UdpReceiveBuffer = _udp.ReceiveBufferSize;
            if (UdpReceiveBuffer < RequestedBuffer)
            {
                Logger.LogWarning("HEP {Source}: the kernel granted a {Granted} KiB UDP receive buffer of the {Requested} KiB asked; raise net.core.rmem_max so bursts are not dropped",
                    Name, UdpReceiveBuffer / 1024, RequestedBuffer / 1024);
            }

            var udp = _udp;
            _loops.Add(Task.Run(() => ReceiveUdpAsync(udp, Stopping)));
        }

        if (_tcp is not null)
        {
            var tcp = _tcp;
            _loops.Add(Task.Run(() => AcceptTcpAsync(tcp, Stopping)));
        }

        Logger.LogInformation("HEP {Source}: listening on {Endpoints}", Name, ListeningOn);
        return null;
    }

    private static string Port(int port) => port < 0 ? "off" : port.ToString(System.Globalization.CultureInfo.InvariantCulture);

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
                var copy = ArrayPool<byte>.Shared.Rent(result.ReceivedBytes);
                datagram.AsSpan(0, result.ReceivedBytes).CopyTo(copy);
                await EnqueueAsync(new Datagram(copy, result.ReceivedBytes, (IPEndPoint)result.RemoteEndPoint), cancellationToken).ConfigureAwait(false);
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
                    await EnqueueAsync(new Datagram(copy, (int)frame.Length, peer), cancellationToken).ConfigureAwait(false);
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

    protected override void Process(Datagram packet, List<SipCallEvent> events)
    {
        try
        {
            Handle(packet, events);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(packet.Buffer);
        }
    }

    private void Handle(Datagram item, List<SipCallEvent> events)
    {
        var bytes = item.Buffer.AsMemory(0, item.Length);
        var packet = HepParser.Parse(bytes, out var error);
        if (packet is null)
        {
            Processor.Reject("hep: " + error!.Label, $"HEP from {item.From}: {error}");
            return;
        }

        if (Options.AuthKey is { } key && packet.AuthKey != key)
        {
            Processor.Reject("hep: auth key mismatch", $"HEP from {item.From}: auth key missing or wrong");
            return;
        }

        // The agent's capture time dates the events; the timers judge activity by when it arrived
        // here, on the clock the sweep runs on (an agent's clock off by minutes, or a replayed stream).
        var heard = Factory.Time.GetUtcNow();
        var at = packet.CapturedAt == DateTimeOffset.UnixEpoch ? heard : packet.CapturedAt;
        switch (packet.PayloadType)
        {
            case HepPayloadType.Sip:
                // The payload is copied out of the pooled buffer: the message (and its raw bytes) outlive this packet.
                Processor.ProcessSip(packet.Payload.ToArray(), at, packet.Source, events, heard);
                break;
            case HepPayloadType.Rtp when packet.Source is { } s && packet.Destination is { } d:
                Processor.ProcessRtp(packet.Payload.Span, s, d, at, events, heard);
                break;
            case HepPayloadType.Rtcp when packet.Source is { } s && packet.Destination is { } d && packet.Payload.Span.TrimStart(" \t\r\n"u8).StartsWith("{"u8):
                Processor.ProcessRtcpJson(packet.Payload.Span, s, d, at, heard); // Asterisk res_hep_rtcp, rtpengine, rtpproxy, FreeSWITCH
                break;
            case HepPayloadType.Rtcp when packet.Source is { } s && packet.Destination is { } d:
                Processor.ProcessRtcp(packet.Payload.Span, s, d, at, heard);
                break;
            default:
                Processor.Reject($"hep: payload type {packet.PayloadType} not used", $"HEP from {item.From}: payload type {(int)packet.PayloadType} ignored");
                break;
        }
    }

    protected override async Task CloseInputsAsync()
    {
        _udp?.Dispose();
        _tcp?.Stop();
        await Task.WhenAll(_loops).ConfigureAwait(false);
    }

    /// <summary>One HEP packet as received: a pooled buffer (returned once processed) and who sent it.</summary>
    public readonly record struct Datagram(byte[] Buffer, int Length, IPEndPoint From);
}
