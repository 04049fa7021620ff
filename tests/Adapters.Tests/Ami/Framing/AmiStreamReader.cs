using System.Buffers;
using System.IO.Pipelines;
using Middleware.Adapters.Ami.Framing;

namespace Middleware.Adapters.Tests.Ami.Framing;

/// <summary>Runs the parser the way the client does: through a real Pipe, chunk by chunk.</summary>
internal static class AmiStreamReader
{
    public static async Task<List<AmiFrame>> ReadAsync(IEnumerable<byte[]> chunks, AmiParserOptions? options = null)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        var parser = new AmiFrameParser(options);
        var frames = new List<AmiFrame>();
        var writer = Task.Run(async () =>
        {
            foreach (var chunk in chunks)
            {
                await pipe.Writer.WriteAsync(chunk);
            }

            await pipe.Writer.CompleteAsync();
        });

        while (true)
        {
            var result = await pipe.Reader.ReadAsync();
            var buffer = result.Buffer;
            while (parser.TryRead(ref buffer, out var frame))
            {
                frames.Add(frame);
            }

            if (result.IsCompleted)
            {
                while (parser.TryReadFinal(ref buffer, out var last))
                {
                    frames.Add(last);
                }

                pipe.Reader.AdvanceTo(buffer.End);
                break;
            }

            pipe.Reader.AdvanceTo(buffer.Start, buffer.End);
        }

        await writer;
        return frames;
    }

    public static IEnumerable<byte[]> Chunk(byte[] bytes, int size)
    {
        for (var i = 0; i < bytes.Length; i += size)
        {
            yield return bytes[i..Math.Min(bytes.Length, i + size)];
        }
    }

    /// <summary>A sequence of several segments, split where asked: the parser must not care.</summary>
    public static ReadOnlySequence<byte> Segmented(byte[] bytes, params int[] splits)
    {
        var points = splits.Where(s => s > 0 && s < bytes.Length).Distinct().Order().Prepend(0).Append(bytes.Length).ToArray();
        Segment? first = null, last = null;
        for (var i = 0; i + 1 < points.Length; i++)
        {
            var memory = bytes.AsMemory(points[i], points[i + 1] - points[i]);
            last = last is null ? first = new Segment(memory, 0) : last.Append(memory);
        }

        return first is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(first, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
