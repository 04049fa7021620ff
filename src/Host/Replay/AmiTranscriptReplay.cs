using System.Buffers;
using Middleware.Adapters.Ami.Framing;
using Middleware.Adapters.Ami.Normalization;

namespace Middleware.Host.Replay;

/// <summary>
/// Runs a raw AMI transcript through the same framing and normalizer as the live client, offline:
/// JSON lines on stdout, framing errors (with byte offsets) and a summary on stderr. Client
/// actions in the transcript ("Action:" blocks) are skipped. A transcript is dated by the PBX's
/// Timestamp headers: the messages before the first time-stamped one (FullyBooted right after
/// login carries none) are held and dated by it, not by the clock of the machine replaying.
/// </summary>
public static class AmiTranscriptReplay
{
    public static async Task<int> RunAsync(string path, string source, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            await error.WriteLineAsync($"replay ami: no such file: {path}");
            return 1;
        }

        var factory = new EventFactory(TimeProvider.System);
        var normalizer = new AmiNormalizer(new Adapters.Ami.Client.AmiSourceOptions().InboundContexts, callIdPrefix: source + ":");
        var parser = new AmiFrameParser(new AmiParserOptions { ExpectBanner = true });
        await using var stream = File.OpenRead(path);
        var reader = System.IO.Pipelines.PipeReader.Create(stream);
        int messages = 0, actions = 0, events = 0, framingErrors = 0;
        var normalized = new List<NormalizedEvent>();
        var undated = new List<Adapters.Ami.Protocol.AmiMessage>();
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            while (parser.TryRead(ref buffer, out var frame) || (result.IsCompleted && parser.TryReadFinal(ref buffer, out frame)))
            {
                if (frame.Error is { } e)
                {
                    framingErrors++;
                    await error.WriteLineAsync($"{path}: {e}");
                    continue;
                }

                if (frame.Message is not { } message)
                {
                    continue;
                }

                messages++;
                foreach (var problem in message.Problems ?? [])
                {
                    framingErrors++;
                    await error.WriteLineAsync($"{path}: {problem}");
                }

                if (message["Action"] is not null)
                {
                    actions++;
                    continue;
                }

                if (!normalizer.KnowsPbxClock && AmiNormalizer.PbxTime(message) is null)
                {
                    undated.Add(message);
                    continue;
                }

                foreach (var held in undated)
                {
                    events += await WriteAsync(held, AmiNormalizer.PbxTime(message) ?? factory.Time.GetUtcNow());
                }

                undated.Clear();
                events += await WriteAsync(message, factory.Time.GetUtcNow()); // events without Timestamp: now, on the PBX's clock
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        foreach (var held in undated)
        {
            events += await WriteAsync(held, factory.Time.GetUtcNow()); // a transcript without any Timestamp: our clock is all there is
        }

        await reader.CompleteAsync();
        var unmapped = normalizer.Stats.Total(AmiMapping.Unmapped);

        async Task<int> WriteAsync(Adapters.Ami.Protocol.AmiMessage message, DateTimeOffset receivedAt)
        {
            normalized.Clear();
            normalizer.Normalize(message, receivedAt, normalized);
            foreach (var n in normalized)
            {
                var envelope = factory.Create(source, n.CallId, n.Payload, n.OccurredAt, new RawSource("ami", n.Source?.Raw ?? default), n.Synthesized);
                await output.WriteLineAsync(EventJsonLine.Format(envelope));
            }

            return normalized.Count;
        }

        await error.WriteLineAsync($"replay ami: {messages} message(s) ({actions} client action(s) skipped), {events} event(s) out, {unmapped} unmapped kept whole, {framingErrors} framing error(s), {normalizer.OpenCalls.Count} call(s) still open at end");
        return 0;
    }
}
