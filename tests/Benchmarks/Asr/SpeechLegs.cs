using Middleware.Core.Media;
using Middleware.Enrichment.Asr;
using Middleware.Enrichment.Asr.Engines.PocketSphinx;

namespace Middleware.Benchmarks.Asr;

/// <summary>
/// Call legs made of the held-out telephone utterances (tests/Enrichment.Tests/Asr/audio, the ones
/// the call-center LM was not built from), as the mirror would carry them: µ-law, 20 ms a packet,
/// utterances separated by silence. Each utterance's end of speech is measured on the audio itself
/// (last 20 ms frame within 35 dB of the utterance's loudest), which is what end-of-utterance
/// latency is counted from.
/// </summary>
public sealed class SpeechLeg
{
    public const int Rate = 8000;
    public const int PacketSamples = Rate / 50; // 20 ms of G.711 at 8 kHz (RFC 3551 §4.5.14 default ptime)

    private SpeechLeg(byte[] ulaw, IReadOnlyList<(double Start, double SpeechEnd, string Text)> utterances)
    {
        MuLaw = ulaw;
        Utterances = utterances;
    }

    /// <summary>The whole leg, µ-law encoded (G.711, RFC 3551).</summary>
    public byte[] MuLaw { get; }

    /// <summary>Each utterance: where it starts and where its speech ends, seconds into the leg, and what was said.</summary>
    public IReadOnlyList<(double Start, double SpeechEnd, string Text)> Utterances { get; }

    public double Seconds => (double)MuLaw.Length / Rate;

    public int Packets => (MuLaw.Length + PacketSamples - 1) / PacketSamples;

    public static string AudioDirectory => Path.Combine(AppContext.BaseDirectory, "asr-audio");

    /// <summary>The held-out manifest's utterances (file, reference words).</summary>
    public static IReadOnlyList<(string File, string Text)> HeldOut() =>
        File.ReadAllLines(Path.Combine(AudioDirectory, "heldout.tsv")).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t')).Select(p => (p[0], p[1])).ToList();

    /// <summary>
    /// A leg of <paramref name="count"/> held-out utterances from <paramref name="first"/> on (wrapping),
    /// after <paramref name="leadSeconds"/> of silence, each followed by <paramref name="gapSeconds"/>.
    /// </summary>
    public static SpeechLeg Build(int first, int count, double leadSeconds = 0.5, double gapSeconds = 1.5)
    {
        var heldOut = HeldOut();
        var pcm = new List<short>();
        var utterances = new List<(double, double, string)>();
        pcm.AddRange(new short[(int)(leadSeconds * Rate)]);
        for (var i = 0; i < count; i++)
        {
            var (file, text) = heldOut[(first + i) % heldOut.Count];
            var audio = WavReader.Read(File.ReadAllBytes(Path.Combine(AudioDirectory, file)));
            if (audio.Error is not null || audio.SampleRate != Rate)
            {
                throw new InvalidDataException($"{file}: {audio.Error ?? $"{audio.SampleRate} Hz, expected {Rate}"}");
            }

            var start = (double)pcm.Count / Rate;
            utterances.Add((start, start + SpeechEnd(audio.Samples), text));
            pcm.AddRange(audio.Samples);
            pcm.AddRange(new short[(int)(gapSeconds * Rate)]);
        }

        var ulaw = new byte[pcm.Count];
        G711.EncodeMuLaw(pcm.ToArray(), ulaw);
        return new SpeechLeg(ulaw, utterances);
    }

    /// <summary>Seconds into the utterance where its last loud frame ends.</summary>
    private static double SpeechEnd(short[] samples)
    {
        var frames = samples.Length / PacketSamples;
        var energy = new double[frames];
        for (var f = 0; f < frames; f++)
        {
            double sum = 0;
            foreach (var s in samples.AsSpan(f * PacketSamples, PacketSamples))
            {
                sum += (double)s * s;
            }

            energy[f] = 10 * Math.Log10(Math.Max(sum / PacketSamples, 1e-3));
        }

        var loudest = energy.Length > 0 ? energy.Max() : 0;
        var last = Array.FindLastIndex(energy, e => e > loudest - 35);
        return (double)(last + 1) * PacketSamples / Rate;
    }

    /// <summary>
    /// PocketSphinx as the middleware ships it (Debian en-us, interpolated with the call-center LM,
    /// telephone feature parameters, brand words), or the generic Debian model alone.
    /// </summary>
    public static PocketSphinxEngine Engine(bool adapted, int decoders) => PocketSphinxEngine.Create(adapted
        ? new PocketSphinxOptions { Decoders = decoders }
        : new PocketSphinxOptions { Decoders = decoders, FeatureParams = null, DomainLanguageModel = null, WordsFile = null });
}
