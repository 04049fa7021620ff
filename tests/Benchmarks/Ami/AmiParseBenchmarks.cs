using System.IO.Pipelines;
using System.Text;
using BenchmarkDotNet.Attributes;
using Middleware.Adapters.Ami.Framing;

namespace Middleware.Benchmarks.Ami;

/// <summary>
/// Framing + parsing of a mixed AMI stream read in chunks of a socket read's size, through a real
/// Pipe as the client does. Baseline: a StreamReader.ReadLine + Dictionary parser, the shape of
/// AsterNET's reader, on the same bytes and read sizes.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class AmiParseBenchmarks
{
    private const int Events = 1116;
    private byte[] _stream = [];
    private int _events;

    [Params(1460, 8192, 65536)]
    public int ReadSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _stream = AmiTranscript.Load(1000);
        _events = AmiTranscript.CountEvents(_stream);
        if (_events != Events)
        {
            throw new InvalidOperationException($"the transcript now holds {_events} events; update {nameof(Events)}");
        }

        Console.WriteLine($"// stream: {_stream.Length} bytes, {_events} events");
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public int Pipelines_parser()
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
        var parser = new AmiFrameParser(new AmiParserOptions { ExpectBanner = false });
        var messages = 0;
        for (var offset = 0; offset < _stream.Length; offset += ReadSize)
        {
            var length = Math.Min(ReadSize, _stream.Length - offset);
            _stream.AsSpan(offset, length).CopyTo(pipe.Writer.GetSpan(length));
            pipe.Writer.Advance(length);
            _ = pipe.Writer.FlushAsync().GetAwaiter().GetResult();
            pipe.Reader.TryRead(out var result);
            var buffer = result.Buffer;
            while (parser.TryRead(ref buffer, out var frame))
            {
                messages += frame.Message is null ? 0 : 1;
            }

            pipe.Reader.AdvanceTo(buffer.Start, buffer.End);
        }

        return messages;
    }

    /// <summary>The parser alone over one contiguous buffer: the floor the read sizes approach.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public int Whole_stream_in_one_buffer()
    {
        var parser = new AmiFrameParser(new AmiParserOptions { ExpectBanner = false });
        var buffer = new System.Buffers.ReadOnlySequence<byte>(_stream);
        var messages = 0;
        while (parser.TryRead(ref buffer, out var frame))
        {
            messages += frame.Message is null ? 0 : 1;
        }

        return messages;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public int Line_reader_baseline()
    {
        var stream = new ChunkedStream(_stream, ReadSize);
        using var reader = new StreamReader(stream, Encoding.UTF8, false, ReadSize);
        var messages = 0;
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                if (fields.Count > 0)
                {
                    messages++;
                    fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                }

                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                fields[line[..colon]] = line[(colon + 1)..].TrimStart();
            }
        }

        return messages;
    }

    /// <summary>A stream that hands out at most one read size per Read, like a socket.</summary>
    private sealed class ChunkedStream(byte[] data, int chunk) : MemoryStream(data, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);
    }
}
