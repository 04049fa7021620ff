using System.Net;
using BenchmarkDotNet.Attributes;
using Middleware.Adapters.SipMirror.Dialogs;
using Middleware.Adapters.SipMirror.Sip;

namespace Middleware.Benchmarks.SipMirror;

/// <summary>
/// Dialog tracking alone (messages parsed beforehand): 1,000 answered calls, each message twice
/// (both sides of a proxy, the second copy a repeat), into a fresh tracker per run. Baseline:
/// parsing the same messages, which every tracked message has been through first.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class SipTrackerBenchmarks
{
    private const int Calls = 1000;
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-26T09:00:00Z");
    private static readonly IPAddress Caller = IPAddress.Parse("10.0.0.9");
    private byte[][] _raw = [];
    private SipMessage[] _messages = [];
    private readonly List<SipCallEvent> _output = [];

    [GlobalSetup]
    public void Setup()
    {
        _raw = Enumerable.Range(0, Calls).SelectMany(n => SipMessages.Call(n, "1380013" + n.ToString("0000"), 10000 + (2 * n), 30000 + (2 * n))).SelectMany(m => new[] { m, m }).ToArray();
        _messages = _raw.Select(m => SipParser.Parse(m, out _)!).ToArray();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls * 14)]
    public int Parse_only()
    {
        var total = 0;
        foreach (var raw in _raw)
        {
            total += SipParser.Parse(raw, out _)!.CallId.Length;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Calls * 14)]
    public int Track()
    {
        var tracker = new SipCallTracker(new SipCallTrackerOptions { InternalNumbers = "^8\\d{3}$" });
        _output.Clear();
        for (var i = 0; i < _messages.Length; i++)
        {
            tracker.Process(_messages[i], T0.AddMilliseconds(i), _output, Caller);
        }

        return _output.Count;
    }
}
