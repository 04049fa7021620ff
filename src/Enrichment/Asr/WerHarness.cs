using Middleware.Core.Media;

namespace Middleware.Enrichment.Asr;

/// <summary>
/// Word error rate of an engine over a manifest of recorded utterances (TSV: WAV path relative to
/// the manifest, TAB, reference words), each through the same voice-activity segmentation and
/// decoding as a live leg, as many at once as the engine has decoders. The real-time factor is
/// decode time over audio time per stream, summed over utterances; the CPU cost is the process's CPU
/// time over the audio (what a leg costs a core, whatever else the machine runs), measured after
/// every decoder is made so model loading is not counted.
/// </summary>
public static class WerHarness
{
    public sealed record Utterance(string File, string Reference, string Heard, WordErrorRate.Score Score, double AudioSeconds);

    public sealed record Result(IReadOnlyList<Utterance> Utterances, WordErrorRate.Score Total, double RealTimeFactor, IReadOnlyList<string> Problems)
    {
        /// <summary>Process CPU seconds per second of audio decoded.</summary>
        public double CpuPerAudioSecond { get; init; }
    }

    public static async Task<Result> RunAsync(ISpeechEngine engine, string manifest, TranscriberOptions? options = null, CancellationToken cancellationToken = default)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(manifest))!;
        var items = new List<(int Line, string File, string Reference)>();
        var problems = new List<string>();
        var number = 0;
        foreach (var line in File.ReadLines(manifest))
        {
            number++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split('\t');
            if (parts.Length < 2)
            {
                problems.Add($"{manifest}:{number}: expected WAV<TAB>reference");
                continue;
            }

            items.Add((number, parts[0], parts[1]));
        }

        // Every decoder made before the clock starts: loading models is not decoding.
        var warm = new List<ISpeechDecoder>();
        for (var i = 0; i < engine.MaxConcurrency; i++)
        {
            warm.Add(await engine.RentAsync(cancellationToken).ConfigureAwait(false));
        }

        warm.ForEach(d => d.Dispose());
        var cpuAtStart = Environment.CpuUsage.TotalTime;
        var results = new Utterance?[items.Count];
        long decodeTicks = 0;
        double audioSeconds = 0;
        var gate = new Lock();
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count), new ParallelOptions { MaxDegreeOfParallelism = engine.MaxConcurrency, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var (line, file, reference) = items[i];
            var audio = WavReader.Read(Path.Combine(directory, file));
            if (audio.Error is not null)
            {
                lock (gate)
                {
                    problems.Add($"{manifest}:{line}: {audio.Error}");
                }

                return;
            }

            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var segments = await FileTranscription.TranscribeAsync(engine, audio, options: options, cancellationToken: ct).ConfigureAwait(false);
            var took = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            var heard = FileTranscription.FinalText(segments);
            results[i] = new Utterance(file, reference, heard, WordErrorRate.Compare(reference, heard), audio.Seconds);
            lock (gate)
            {
                decodeTicks += took.Ticks;
                audioSeconds += audio.Seconds;
            }
        }).ConfigureAwait(false);

        var cpu = (Environment.CpuUsage.TotalTime - cpuAtStart).TotalSeconds;
        var done = results.Where(r => r is not null).Cast<Utterance>().ToList();
        var total = done.Aggregate(new WordErrorRate.Score(), (sum, u) => sum + u.Score);
        return new Result(done, total, audioSeconds > 0 ? TimeSpan.FromTicks(decodeTicks).TotalSeconds / audioSeconds : 0, problems)
        {
            CpuPerAudioSecond = audioSeconds > 0 ? cpu / audioSeconds : 0,
        };
    }
}
