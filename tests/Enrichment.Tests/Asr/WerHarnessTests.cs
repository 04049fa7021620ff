using Middleware.Enrichment.Asr;
using Middleware.TestSupport;

namespace Middleware.Enrichment.Tests.Asr;

public class WerHarnessTests
{
    [Fact]
    public async Task Scores_each_utterance_of_a_manifest_and_names_bad_lines_and_files()
    {
        using var dir = new TempDirectory();
        File.Copy(Path.Combine(SpeechAudio.Directory, "02-awb-ulaw-1.0.wav"), dir.File("a.wav"));
        await File.WriteAllBytesAsync(dir.File("broken.wav"), "RIFF...."u8.ToArray());
        var manifest = dir.File("m.tsv");
        await File.WriteAllLinesAsync(manifest, ["# comment", "a.wav\tcan you give me your account number", "no reference here", "broken.wav\tsomething"]);

        var result = await WerHarness.RunAsync(SpeechAudio.GenericEngine, manifest);

        var scored = Assert.Single(result.Utterances);
        Assert.Equal(7, scored.Score.ReferenceWords);
        Assert.Equal(scored.Score, WordErrorRate.Compare(scored.Reference, scored.Heard));
        Assert.Equal(scored.Score, result.Total);
        Assert.Contains(result.Problems, p => p.EndsWith("m.tsv:3: expected WAV<TAB>reference", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Contains("broken.wav") && p.Contains("m.tsv:4"));
        Assert.True(result.RealTimeFactor > 0);
        Assert.InRange(result.CpuPerAudioSecond, 1e-4, 50); // process CPU (other tests run alongside): only that decoding was counted at all
    }

    [Fact]
    public void The_development_set_settings_are_chosen_on_is_apart_from_the_test_set_and_complete()
    {
        static List<(string File, string Text)> Read(string name) =>
            File.ReadAllLines(Path.Combine(SpeechAudio.Directory, name)).Where(l => l.Length > 0).Select(l => l.Split('\t')).Select(p => (p[0], p[1])).ToList();
        var dev = Read("dev.tsv");
        var heldout = Read("heldout.tsv");

        Assert.True(dev.Count >= 30);
        Assert.Empty(dev.Select(d => d.Text).Intersect(heldout.Select(h => h.Text)));
        Assert.Empty(dev.Select(d => d.File).Intersect(heldout.Select(h => h.File)));
        Assert.All(dev, d => Assert.True(File.Exists(Path.Combine(SpeechAudio.Directory, d.File)), d.File));
    }
}
