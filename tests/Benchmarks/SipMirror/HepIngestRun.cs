using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Adapters.SipMirror.Hep;
using Middleware.Core.Events;
using Middleware.Core.Pipeline;
using Middleware.Samples.Mirror;

namespace Middleware.Benchmarks.SipMirror;

/// <summary>
/// HEP3 over UDP on loopback into a <see cref="HepSource"/>, as fast as one sender can write: the
/// SIP of N answered calls (7 messages each, both legs of a proxy, so 14 packets per call). Reports
/// packets/s through parse, dialog tracking and event publishing, and what was lost on the way
/// (sent minus received by the socket, which is the kernel dropping under a burst).
/// </summary>
public static class HepIngestRun
{
    public static async Task<int> RunAsync(int calls, int rate)
    {
        var published = new CountingPublisher();
        await using var source = new HepSource(new HepSourceOptions { Name = "bench", UdpPort = 0, Calls = { InternalNumbers = "^8\\d{3}$" } }, new EventFactory(TimeProvider.System), NullLogger.Instance);
        await source.StartAsync(published, CancellationToken.None);
        var packets = new List<byte[]>();
        var at = DateTimeOffset.UtcNow;
        for (var n = 0; n < calls; n++)
        {
            foreach (var (message, i) in SipMessages.Call(n, "1380013" + (n % 10000).ToString("0000")).Select((m, i) => (m, i)))
            {
                for (var copy = 0; copy < 2; copy++)
                {
                    packets.Add(HepWriter.Write(new HepPacket
                    {
                        IpProtocol = 17,
                        SourceAddress = IPAddress.Parse(copy == 0 ? "10.0.0.9" : "10.0.0.2"),
                        DestinationAddress = IPAddress.Parse(copy == 0 ? "10.0.0.2" : "10.0.0.5"),
                        SourcePort = 5060,
                        DestinationPort = 5060,
                        CapturedAt = at.AddMilliseconds((n * 10) + i),
                        PayloadType = HepPayloadType.Sip,
                        CaptureAgentId = 1,
                        Payload = message,
                    }));
                }
            }
        }

        {
            // The same packets straight through parse and tracking on this thread: the processing ceiling.
            var processor = new Middleware.Adapters.SipMirror.SipMirrorProcessor(new Middleware.Adapters.SipMirror.Dialogs.SipCallTrackerOptions { InternalNumbers = "^8\\d{3}$" });
            var events = new List<Middleware.Adapters.SipMirror.Dialogs.SipCallEvent>();
            var offline = Stopwatch.StartNew();
            foreach (var packet in packets)
            {
                var hep = HepParser.Parse(packet, out _)!;
                processor.ProcessSip(hep.Payload.ToArray(), hep.CapturedAt, hep.Source, events);
            }

            Console.WriteLine($"offline: {packets.Count / offline.Elapsed.TotalSeconds:N0} HEP packets/s parsed and tracked on one thread, {events.Count:N0} events");
        }

        using var udp = new UdpClient(AddressFamily.InterNetwork);
        udp.Connect(IPAddress.Loopback, source.UdpPort!.Value);
        var clock = Stopwatch.StartNew();
        var sendStart = Stopwatch.GetTimestamp();
        for (var i = 0; i < packets.Count; i++)
        {
            await udp.SendAsync(packets[i]);
            if (rate > 0 && i % 100 == 99)
            {
                // Read the clock once: between a second read and the delay the due time may have passed.
                var wait = TimeSpan.FromSeconds((i + 1) / (double)rate) - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }
            }
        }

        var expectedEvents = calls * 4; // started, ringing, answered, ended
        while (published.Count < expectedEvents && clock.Elapsed < TimeSpan.FromSeconds(60) && (published.Count == 0 || Stopwatch.GetElapsedTime(published.LastAt) < TimeSpan.FromSeconds(2)))
        {
            await Task.Delay(10);
        }

        var seconds = Stopwatch.GetElapsedTime(sendStart, published.LastAt).TotalSeconds; // first packet sent to last event published
        Console.WriteLine($"kernel UDP receive buffer {source.UdpReceiveBuffer / 1024:N0} KiB; {(rate > 0 ? $"paced at {rate:N0}/s" : "unpaced")}");
        Console.WriteLine($"{packets.Count:N0} HEP packets ({calls:N0} calls) sent in {clock.Elapsed.TotalSeconds:0.00} s; " +
            $"received {source.Received:N0} ({packets.Count - source.Received:N0} dropped by the kernel), {published.Count:N0}/{expectedEvents:N0} call events, " +
            $"{source.Processor.RejectedTotal} rejected; {source.Received / seconds:N0} packets/s processed");
        return 0;
    }

    private sealed class CountingPublisher : IEventPublisher
    {
        private long _count;

        public long Count => Interlocked.Read(ref _count);

        /// <summary>Stopwatch timestamp of the last batch.</summary>
        public long LastAt { get; private set; }

        public ValueTask PublishBatchAsync(IReadOnlyList<EventEnvelope> batch, CancellationToken cancellationToken = default)
        {
            Interlocked.Add(ref _count, batch.Count);
            LastAt = Stopwatch.GetTimestamp();
            return ValueTask.CompletedTask;
        }

        public ValueTask PublishAsync(EventEnvelope envelope, CancellationToken cancellationToken = default) => PublishBatchAsync([envelope], cancellationToken);
    }
}
