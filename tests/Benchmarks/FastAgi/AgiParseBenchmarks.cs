using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Middleware.Adapters.FastAgi.Framing;

namespace Middleware.Benchmarks.FastAgi;

/// <summary>
/// What Asterisk sends on a FastAGI session (the agi_* block, then replies, a 520 usage block,
/// HANGUP), 200 sessions back to back, each read with a fresh parser in 1,024-byte socket reads.
/// Baseline: the shape most AGI libraries use, StreamReader.ReadLine with a Dictionary for the
/// block and string splitting for "200 result=N (data) endpos=N", on the same bytes.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class AgiParseBenchmarks
{
    private const int Sessions = 200;
    private const int FramesPerSession = 14; // 1 block + 12 replies + 1 HANGUP, as below
    private byte[] _session = [];

    [GlobalSetup]
    public void Setup()
    {
        var b = new StringBuilder();
        b.Append("agi_network: yes\nagi_network_script: ivr?lang=zh&flow=main\nagi_request: agi://127.0.0.1:4573/ivr?lang=zh&flow=main\n");
        b.Append("agi_channel: PJSIP/trunk-cn-0000002a\nagi_language: en\nagi_type: PJSIP\nagi_uniqueid: 1700000123.84\nagi_version: 18.20.0\n");
        b.Append("agi_callerid: 13800138000\nagi_calleridname: unknown\nagi_callingpres: 0\nagi_callingani2: 0\nagi_callington: 0\nagi_callingtns: 0\n");
        b.Append("agi_dnid: 400\nagi_rdnis: unknown\nagi_context: from-trunk\nagi_extension: 400\nagi_priority: 3\nagi_enhanced: 0.0\nagi_accountcode: \nagi_threadid: 140245634418240\n\n");
        b.Append("200 result=0\n200 result=1\n200 result=1 (timeout)\n200 result=0 endpos=16000\n200 result=0\n200 result=0 endpos=16000\n");
        b.Append("200 result=0\n200 result=20240001\n200 result=1 (gold)\n200 result=1\n");
        b.Append("520-Invalid command syntax.  Proper usage follows:\n Usage: GET DATA <file to be streamed> [timeout] [maxdigits]\n520 End of proper usage.\n");
        b.Append("200 result=-1\nHANGUP\n");
        _session = Encoding.UTF8.GetBytes(b.ToString());
    }

    [Benchmark(OperationsPerInvoke = Sessions * FramesPerSession)]
    public int AgiFrameParser_pipelines()
    {
        var frames = 0;
        for (var s = 0; s < Sessions; s++)
        {
            var parser = new AgiFrameParser();
            var pending = 0;
            for (var offset = 0; offset < _session.Length; offset += 1024)
            {
                var end = Math.Min(_session.Length, offset + 1024);
                var buffer = new ReadOnlySequence<byte>(_session, pending, end - pending);
                while (parser.TryRead(ref buffer, out _))
                {
                    frames++;
                }

                pending = end - (int)buffer.Length;
            }
        }

        return frames;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Sessions * FramesPerSession)]
    public int ReadLine_and_split()
    {
        var frames = 0;
        for (var s = 0; s < Sessions; s++)
        {
            using var reader = new StreamReader(new MemoryStream(_session), Encoding.UTF8, false, 1024);
            var variables = new Dictionary<string, string>(StringComparer.Ordinal);
            while (reader.ReadLine() is { } line && line.Length > 0)
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                variables[line[..colon]] = line[(colon + 2)..];
            }

            frames++;
            while (reader.ReadLine() is { } line)
            {
                if (line.StartsWith("520-", StringComparison.Ordinal))
                {
                    while (reader.ReadLine() is { } usage && !usage.StartsWith("520 ", StringComparison.Ordinal))
                    {
                    }
                }
                else if (line != "HANGUP")
                {
                    var parts = line.Split(' ');
                    var result = parts.Length > 1 && parts[1].StartsWith("result=", StringComparison.Ordinal) ? parts[1][7..] : null;
                    var paren = line.IndexOf('(', StringComparison.Ordinal);
                    var data = paren >= 0 ? line[(paren + 1)..line.LastIndexOf(')')] : null;
                    _ = (result, data);
                }

                frames++;
            }
        }

        return frames;
    }
}
