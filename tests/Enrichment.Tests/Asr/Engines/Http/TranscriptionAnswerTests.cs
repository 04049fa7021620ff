using System.Text;
using Middleware.Enrichment.Asr.Engines.Http;

namespace Middleware.Enrichment.Tests.Asr.Engines.Http;

public class TranscriptionAnswerTests
{
    private static TranscriptionAnswer Parse(string body, string? language = null) => TranscriptionAnswer.Parse(Encoding.UTF8.GetBytes(body), language);

    [Fact]
    public void Json_is_the_text_with_the_configured_language_and_no_parts()
    {
        var answer = Parse("""{"text": " 您好，请问有什么可以帮您 "}""", "zh");

        Assert.Null(answer.Error);
        Assert.Equal(("您好，请问有什么可以帮您", "zh"), (answer.Recognition!.Text, answer.Recognition.Language));
        Assert.Null(answer.Recognition.Parts);
    }

    [Fact]
    public void Verbose_json_gives_the_servers_segments_their_confidence_and_the_language_by_code()
    {
        var answer = Parse("""
            {"task":"transcribe","language":"chinese","duration":4.2,"text":"您好 请问",
             "segments":[{"id":0,"start":0.3,"end":1.1,"text":" 您好","avg_logprob":-0.1},{"id":1,"start":1.5,"end":2.75,"text":"请问","avg_logprob":-0.3}]}
            """);

        var heard = answer.Recognition!;
        Assert.Equal("zh", heard.Language);
        Assert.Equal([new(0.3, 1.1, "您好"), new(1.5, 2.75, "请问")], heard.Parts!);
        Assert.Equal(Math.Exp(-0.2), heard.Confidence, 6);
    }

    [Theory]
    [InlineData("english", "en")]
    [InlineData("Japanese", "ja")]
    [InlineData("yue", "yue")]
    [InlineData("klingon", null)]
    public void Whisper_language_names_become_codes(string name, string? code) => Assert.Equal(code, TranscriptionAnswer.LanguageCode(name));

    [Theory]
    [InlineData("", "answer is not JSON")]
    [InlineData("<html>502 Bad Gateway</html>", "answer is not JSON (line 1, byte 0): <html>502 Bad Gateway</html>")]
    [InlineData("[]", "answer is a JSON array, not an object")]
    [InlineData("""{"error":{"message":"model not found"}}""", "answer has no \"text\" string: {\"error\":{\"message\":\"model not found\"}}")]
    [InlineData("""{"text":"hi","segments":[{"start":"0","end":1,"text":"hi"}]}""", "segments[0] lacks a numeric start")]
    [InlineData("""{"text":"hi","segments":[{"start":2,"end":1,"text":"hi"}]}""", "segments[0] runs from 2 s to 1 s")]
    public void A_bad_answer_is_an_error_saying_what_and_where_never_an_exception(string body, string error)
    {
        var answer = Parse(body);

        Assert.Null(answer.Recognition);
        Assert.StartsWith(error, answer.Error);
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(11);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            var answer = TranscriptionAnswer.Parse(bytes, null);
            Assert.True(answer.Recognition is not null ^ answer.Error is not null);
        }
    }
}
