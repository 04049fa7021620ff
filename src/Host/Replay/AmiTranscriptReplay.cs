using System.Buffers;
using Middleware.Adapters.Ami.Framing;
using Middleware.Adapters.Ami.Normalization;
using Middleware.Core.Events;
using Middleware.Host.Output;

namespace Middleware.Host.Replay;

/// <summary>
/// Runs a raw AMI transcript through the same framing and normalizer as the live client, offline:
/// JSON lines on stdout, framing errors (with byte offsets) and a summary on stderr. Client
/// actions in the transcript ("Action:" blocks) are skipped.
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

                normalized.Clear();
                normalizer.Normalize(message, factory.Time.GetUtcNow(), normalized); // events without Timestamp: now
                foreach (var n in normalized)
                {
                    events++;
                    var envelope = factory.Create(source, n.CallId, n.Payload, n.OccurredAt, new RawSource("ami", n.Source?.Raw ?? default), n.Synthesized);
                    await output.WriteLineAsync(EventJsonLine.Format(envelope));
                }
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        await reader.CompleteAsync();
        var unmapped = normalizer.Stats.Total(AmiMapping.Unmapped);
        await error.WriteLineAsync($"replay ami: {messages} message(s) ({actions} client action(s) skipped), {events} event(s) out, {unmapped} unmapped kept whole, {framingErrors} framing error(s), {normalizer.OpenCalls.Count} call(s) still open at end");
        return 0;
    }
}
