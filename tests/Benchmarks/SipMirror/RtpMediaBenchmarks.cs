using System.Buffers.Binary;
using System.Net;
using BenchmarkDotNet.Attributes;
using Middleware.Adapters.SipMirror;
using Middleware.Adapters.SipMirror.Dialogs;
using Middleware.Core.Media;
using Middleware.Adapters.SipMirror.Rtp;
using Middleware.Adapters.SipMirror.Sip;

namespace Middleware.Benchmarks.SipMirror;

/// <summary>
/// RTP of 2,000 answered calls, both legs (20 ms G.711 µ-law packets, round robin as a mirror port
/// delivers them): flow lookup by address, RTP header, loss/jitter, reorder buffer, µ-law decode
/// and 1 s PCM chunks for the pipeline. Baseline: the µ-law table decode alone of the same packets.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class RtpMediaBenchmarks
{
    private const int Calls = 2000;
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-26T09:00:00Z");
    private readonly List<SipCallEvent> _output = [];
    private readonly short[] _pcm = new short[160];
    private SipMirrorProcessor _processor = null!;
    private (byte[] Packet, IPEndPoint From, IPEndPoint To)[] _legs = [];
    private int _round;

    [GlobalSetup]
    public void Setup()
    {
        _processor = new SipMirrorProcessor(new SipCallTrackerOptions { InternalNumbers = "^8\\d{3}$" }, new RtpOptions { EmitAudio = true });
        var caller = IPAddress.Parse("10.0.0.9");
        var agent = IPAddress.Parse("10.0.0.5");
        var legs = new List<(byte[], IPEndPoint, IPEndPoint)>();
        var payload = new byte[160];
        new Random(1).NextBytes(payload);
        for (var n = 0; n < Calls; n++)
        {
            var (callerPort, agentPort) = (10000 + (2 * n), 30000 + (2 * n));
            foreach (var message in SipMessages.Call(n, "1380013" + n.ToString("0000"), callerPort, agentPort)[..5])
            {
                _processor.ProcessSip(message, T0, new IPEndPoint(caller, 5061), _output);
            }

            legs.Add((Packet(payload, (uint)n), new IPEndPoint(caller, callerPort), new IPEndPoint(agent, agentPort)));
            legs.Add((Packet(payload, (uint)(n + Calls)), new IPEndPoint(agent, agentPort), new IPEndPoint(caller, callerPort)));
        }

        _legs = [.. legs];
        if (_processor.Tracker.Calls.Count() != Calls)
        {
            throw new InvalidOperationException("calls were not set up");
        }
    }

    private static byte[] Packet(byte[] payload, uint ssrc)
    {
        var packet = new byte[12 + payload.Length];
        packet[0] = 0x80;
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        payload.CopyTo(packet, 12);
        return packet;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls * 2)]
    public int Decode_only()
    {
        var total = 0;
        foreach (var (packet, _, _) in _legs)
        {
            G711.DecodeMuLaw(packet.AsSpan(12), _pcm);
            total += _pcm[0];
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Calls * 2)]
    public int Mirror_media_path()
    {
        _round++;
        var at = T0.AddMilliseconds(20 * _round);
        _output.Clear();
        foreach (var (packet, from, to) in _legs)
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)_round);
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), (uint)(_round * 160));
            _processor.ProcessRtp(packet, from, to, at, _output);
        }

        return _output.Count;
    }
}
