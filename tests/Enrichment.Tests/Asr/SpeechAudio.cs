using Middleware.Core.Media;
using Middleware.Enrichment.Asr;
using Middleware.Enrichment.Asr.Engines.PocketSphinx;

namespace Middleware.Enrichment.Tests.Asr;

/// <summary>The committed telephone test audio (audio/make-audio.sh) and one PocketSphinx engine shared by the speech tests.</summary>
public static class SpeechAudio
{
    private static readonly Lazy<PocketSphinxEngine> Generic = new(() => PocketSphinxEngine.Create(new PocketSphinxOptions { Decoders = 2 }));

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Asr", "audio");

    /// <summary>PocketSphinx with Debian's generic en-us model (scripts/test.sh installs it).</summary>
    public static PocketSphinxEngine GenericEngine => Generic.Value;

    public static WavAudio Load(string file)
    {
        var audio = WavReader.Read(Path.Combine(Directory, file));
        Assert.Null(audio.Error);
        return audio;
    }

    /// <summary>(file, reference text) of the held-out utterances.</summary>
    public static IReadOnlyList<(string File, string Text)> HeldOut() =>
        File.ReadAllLines(Path.Combine(Directory, "heldout.tsv")).Select(l => l.Split('\t')).Select(p => (p[0], p[1])).ToList();
}
