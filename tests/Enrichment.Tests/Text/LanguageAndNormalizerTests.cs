using Middleware.Enrichment.Text;

namespace Middleware.Enrichment.Tests.Text;

public class LanguageAndNormalizerTests
{
    [Theory]
    [InlineData("我的订单还没到", TextLanguage.Zh)]
    [InlineData("where is my card", TextLanguage.En)]
    [InlineData("我的iPhone坏了", TextLanguage.Zh)]
    [InlineData("my 快递 has not arrived yet, it was due last week", TextLanguage.En)]
    [InlineData("ＨＥＬＬＯ ｗｏｒｌｄ", TextLanguage.En)]
    [InlineData("😡😡😡", TextLanguage.Unknown)]
    [InlineData("", TextLanguage.Unknown)]
    [InlineData("123 456 !!!", TextLanguage.Unknown)]
    public void Tells_chinese_from_english_by_script(string text, TextLanguage expected) =>
        Assert.Equal(expected, LanguageDetector.Detect(text));

    [Theory]
    [InlineData("zh-CN", TextLanguage.Zh)]
    [InlineData("cmn", TextLanguage.Zh)]
    [InlineData("en-US", TextLanguage.En)]
    [InlineData("de", null)]
    [InlineData(null, null)]
    public void Reads_asr_language_codes(string? code, TextLanguage? expected) => Assert.Equal(expected, LanguageDetector.Parse(code));

    [Fact]
    public void Folds_width_case_digits_and_spaces()
    {
        Span<char> buffer = stackalloc char[64];
        var n = TextNormalizer.Normalize("  Ｏｒｄｅｒ　No.１２３\t\tIS\nLate！ ", buffer);
        Assert.Equal("order no.000 is late!", buffer[..n].ToString());
    }

    [Fact]
    public void Never_writes_past_the_buffer()
    {
        Span<char> buffer = stackalloc char[5];
        Assert.Equal(5, TextNormalizer.Normalize("abcdefghij", buffer));
        Assert.Equal("abcde", buffer.ToString());
    }

    [Fact]
    public void Featurizes_the_same_text_the_same_way_and_negation_changes_features()
    {
        var featurizer = new TextFeaturizer(new FeaturizerOptions { CharMin = 2, CharMax = 4, WordMax = 2, MarkNegation = true });
        List<ulong> a = [], b = [], c = [];
        featurizer.Featurize("The card is good", a);
        featurizer.Featurize("THE  card is good", b);
        featurizer.Featurize("The card is not good", c);
        Assert.Equal(a, b);
        var good = FeatureHash.Of("good", FeatureHash.WordSeed);
        Assert.Contains(good, a);
        Assert.DoesNotContain(good, c);
        Assert.Contains(FeatureHash.Of("good", FeatureHash.NegatedWordSeed), c);
    }

    [Fact]
    public void Chinese_words_come_from_jieba()
    {
        var featurizer = new TextFeaturizer(new FeaturizerOptions { CharMin = 1, CharMax = 1, WordMax = 1, Words = WordSplitting.Jieba });
        var hashes = new List<ulong>();
        featurizer.Featurize("我来到北京清华大学", hashes);
        Assert.Contains(FeatureHash.Of("清华大学", FeatureHash.WordSeed), hashes);
    }
}
