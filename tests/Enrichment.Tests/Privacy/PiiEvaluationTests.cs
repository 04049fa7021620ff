using Middleware.Enrichment.Privacy;
using Middleware.Enrichment.Privacy.Evaluation;

namespace Middleware.Enrichment.Tests.Privacy;

public sealed class PiiEvaluationTests
{
    [Theory]
    [InlineData(13)]
    [InlineData(2026)]
    public void The_generated_set_meets_the_goal(int seed)
    {
        var set = PiiCorpus.Generate(seed, 1200);
        var score = PiiScore.Of(set, PiiRedactor.Instance);

        Assert.Equal(1200, score.Utterances);
        Assert.True(score.Gold > 900, $"only {score.Gold} marked spans");
        Assert.True(score.Recall >= 0.995, $"recall {score.Recall:0.0000}: {string.Join("\n", score.Misses.Take(10))}");
        Assert.True(score.Precision >= 0.98, $"precision {score.Precision:0.0000}: {string.Join("\n", score.Misses.Take(10))}");
        Assert.Equal(0, score.Leaked);
    }

    [Fact]
    public void The_generated_set_is_the_same_for_the_same_seed_and_has_both_languages_and_negatives()
    {
        var a = PiiCorpus.Generate(5, 300).Select(u => u.ToLine()).ToList();
        Assert.Equal(a, PiiCorpus.Generate(5, 300).Select(u => u.ToLine()));
        Assert.NotEqual(a, PiiCorpus.Generate(6, 300).Select(u => u.ToLine()));
        var set = PiiCorpus.Generate(5, 300);
        Assert.Equal(150, set.Count(u => u.Language == "zh"));
        Assert.True(set.Count(u => u.Gold.Count == 0) > 60, "negatives");
        Assert.Contains(set, u => u.Text.Contains("double", StringComparison.Ordinal));
        Assert.Contains(set, u => u.Text.Contains('幺'));
    }

    [Fact]
    public void Marked_lines_round_trip_and_bad_markup_is_refused()
    {
        var u = LabelledUtterance.Parse("en\tcard [[CARD:6222 0212 3456 7894]] cvv [[CVV:123]]")!;
        Assert.Equal("card 6222 0212 3456 7894 cvv 123", u.Text);
        Assert.Equal([new GoldSpan("CARD", 5, 19), new GoldSpan("CVV", 29, 3)], u.Gold);
        Assert.Equal("en\tcard [[CARD:6222 0212 3456 7894]] cvv [[CVV:123]]", u.ToLine());
        Assert.Null(LabelledUtterance.Parse("en\tcard [[CARD 6222"));
        Assert.Null(LabelledUtterance.Parse("# comment"));
    }

    [Fact]
    public void Score_counts_misses_wrong_types_and_leaks()
    {
        var set = new[]
        {
            LabelledUtterance.Parse("en\tcard [[CARD:6222021234567894]]")!,
            LabelledUtterance.Parse("en\tmy pin is [[CVV:4321]]")!, // no CVV keyword the redactor knows: a miss and a leak
            LabelledUtterance.Parse("en\tcall 13800138000")!, // unmarked: the redactor's PHONE is wrong here
        };
        var score = PiiScore.Of(set, PiiRedactor.Instance);
        Assert.Equal(0.5, score.Recall);
        Assert.Equal(0.5, score.Precision);
        Assert.Equal(1, score.Leaked);
    }

    [Fact]
    public void The_hand_written_set_is_scored_in_full()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "privacy", "pii-handwritten.txt");
        var set = File.ReadAllLines(path).Select(LabelledUtterance.Parse).OfType<LabelledUtterance>().ToList();
        Assert.True(set.Count >= 80, $"{set.Count} utterances read");
        var score = PiiScore.Of(set, PiiRedactor.Instance);
        Assert.True(score.Recall >= 0.98 && score.Precision >= 0.98, $"recall {score.Recall:0.000} precision {score.Precision:0.000}:\n{string.Join("\n", score.Misses)}");
    }
}
