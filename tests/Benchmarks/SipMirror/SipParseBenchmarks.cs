using System.Text;
using BenchmarkDotNet.Attributes;
using Middleware.Adapters.SipMirror.Sip;

namespace Middleware.Benchmarks.SipMirror;

/// <summary>
/// Parsing the SIP of answered calls (INVITE, 100, 180, 200, ACK, BYE, 200; 337–800 bytes each).
/// The dialog path reads what the tracker reads on every message (Call-ID, CSeq, tags, Via branch);
/// the full path materialises every header as a string too. Baseline: split into lines and put
/// every header into a Dictionary of strings, the shape of the usual hand-written SIP reader.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class SipParseBenchmarks
{
    private const int Calls = 100;
    private byte[][] _messages = [];

    [GlobalSetup]
    public void Setup()
    {
        _messages = Enumerable.Range(0, Calls).SelectMany(n => SipMessages.Call(n)).ToArray();
        Console.WriteLine($"// {_messages.Length} messages, {_messages.Sum(m => m.Length) / _messages.Length} bytes on average");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls * 7)]
    public int Lines_into_a_dictionary()
    {
        var total = 0;
        foreach (var bytes in _messages)
        {
            var text = Encoding.UTF8.GetString(bytes);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            var lines = text[..end].Split("\r\n");
            var headers = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
            for (var i = 1; i < lines.Length; i++)
            {
                var colon = lines[i].IndexOf(':');
                var name = lines[i][..colon].Trim();
                if (!headers.TryGetValue(name, out var values))
                {
                    headers[name] = values = [];
                }

                values.Add(lines[i][(colon + 1)..].Trim());
            }

            total += headers["Call-ID"][0].Length + headers["CSeq"][0].Length + text[(end + 4)..].Length;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Calls * 7)]
    public int Dialog_path()
    {
        var total = 0;
        foreach (var bytes in _messages)
        {
            var message = SipParser.Parse(bytes, out _)!;
            total += message.CallId.Length + (int)message.CSeq.Number + (message.FromTag?.Length ?? 0) + (message.ToTag?.Length ?? 0) + (message.ViaBranch?.Length ?? 0);
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Calls * 7)]
    public int Every_header()
    {
        var total = 0;
        foreach (var bytes in _messages)
        {
            var message = SipParser.Parse(bytes, out _)!;
            foreach (var (name, value) in message.AllHeaders())
            {
                total += name.Length + value.Length;
            }

            total += message.Body.Length;
        }

        return total;
    }
}
