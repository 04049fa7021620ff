using Middleware.Enrichment.Intent;
using Middleware.Enrichment.Tests.Text;

namespace Middleware.Enrichment.Tests.Intent;

public class KeywordExtractorTests
{
    [Fact]
    public void Chinese_keywords_come_from_jieba_tfidf()
    {
        var keywords = new KeywordExtractor(null).Extract("我买的手机屏幕碎了，手机还在保修期，我想换一台新手机", 3);
        Assert.Equal("手机", keywords[0]);
        Assert.Contains("保修期", keywords);
    }

    [Fact]
    public void English_keywords_skip_stop_words_and_weigh_by_idf()
    {
        var space = ShippedModels.Load("intent", "en").Space;
        var keywords = new KeywordExtractor(space).Extract("Hello, I would like to know why my card payment was declined, the card is new", 3);
        Assert.Equal("card", keywords[0]);
        Assert.Contains("declined", keywords);
        Assert.DoesNotContain("would", keywords);
    }

    [Theory]
    [InlineData("")]
    [InlineData("😡😡😡")]
    [InlineData("the and of")]
    public void Nothing_to_say_gives_no_keywords(string text) => Assert.Empty(new KeywordExtractor(null).Extract(text, 5));
}
