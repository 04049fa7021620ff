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
    }
}
