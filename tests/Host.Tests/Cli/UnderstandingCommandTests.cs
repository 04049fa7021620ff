using System.Text.Json;
using System.Text.RegularExpressions;
using Middleware.TestSupport;

namespace Middleware.Host.Tests.Cli;

/// <summary>train, eval and classify as a user runs them: the real program, real files, the shipped models.</summary>
public sealed partial class UnderstandingCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [GeneratedRegex(@"^accuracy=[01]\.\d{3} macro_f1=[01]\.\d{3} n=\d+$")]
    private static partial Regex SummaryLine();

    private static string LastLine(string stdout) => stdout.TrimEnd().Split('\n')[^1].Trim();

    private string Write(string name, string content)
    {
        var path = _dir.File(name);
        File.WriteAllText(path, content);
        return path;
    }

    public static TheoryData<string, string, string, string> Formats() => new()
    {
        { "sentiment", "zh", "reviews.csv", "label,review\n1,很快，好吃，味道足，量大\n0,送餐太慢了，饭都凉了\n1,\"质量很好,物美价廉\"\n0,非常失望，再也不买了\n" },
        { "intent", "zh", "shop.csv", "cat,label,review\n衣服,1,衣服很合身，面料舒服\n酒店,0,房间太小，隔音很差\n书籍,1,这本书内容很精彩\n" },
        { "intent", "en", "banking.csv", "text,category\nI am still waiting on my card?,card_arrival\nHow do I top up by card?,top_up_by_card_charge\n" },
        { "sentiment", "en", "sst.tsv", "a charming and moving film\t1\nthe plot is dull and the acting is worse\t0\n" },
        { "emotion", "en", "goemotions.tsv", "Thank you so much for this!\t15\tx1\nThis is so annoying\t3\tx2\nI love it, it made my day\t18,17\tx3\n" },
        { "emotion", "zh", "clue.txt", "{\"id\": 0, \"content\": \"气死我了，太过分了\", \"label\": \"anger\"}\n{\"id\": 1, \"content\": \"今天真开心\", \"label\": \"happiness\"}\n" },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Eval_reads_every_format_and_ends_with_the_summary_line(string task, string lang, string name, string content)
    {
        var (code, stdout, stderr) = await MiddlewareProcess.RunAsync(["eval", task, "--lang", lang, "--data", Write(name, content)]);
        Assert.True(code == 0, stderr);
        Assert.Matches(SummaryLine(), LastLine(stdout));
    }

    [Fact]
    public async Task Eval_with_a_missing_model_names_the_file_and_exits_2()
    {
        var data = Write("a.csv", "label,review\n1,好\n");
        var (code, _, stderr) = await MiddlewareProcess.RunAsync(["eval", "sentiment", "--lang", "zh", "--data", data, "--model", _dir.File("gone.model")]);
        Assert.Equal(2, code);
        Assert.Contains("gone.model: not found", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_writes_a_model_eval_can_read_and_records_its_command()
    {
        var random = new Random(5);
        string[] cards = ["my card has not arrived", "where is my new card", "the card was never delivered"];
        string[] refunds = ["i want a refund", "give me my money back", "refund this payment please"];
        string[] fillers = ["hello", "today", "again", "quickly", "thanks", "now", "sorry", "hi there"];
        string Filler() => fillers[random.Next(fillers.Length)];
        var rows = Enumerable.Range(0, 400).Select(i => i % 2 == 0
            ? $"{Filler()} {cards[random.Next(3)]} {Filler()},card_arrival"
            : $"{Filler()} {refunds[random.Next(3)]} {Filler()},request_refund");
        var data = Write("small.csv", "text,category\n" + string.Join("\n", rows) + "\n");
        var model = _dir.File("small.model");
        var (code, stdout, stderr) = await MiddlewareProcess.RunAsync(["train", "intent", "--lang", "en", "--data", data, "--out", model, "--c", "0.5", "--max-features", "5000"]);
        Assert.True(code == 0, stderr);
        Assert.Contains("held out: accuracy=", stdout, StringComparison.Ordinal);
        var header = Middleware.Enrichment.Text.ModelFile.Load(model).Header.Training!.Command;
        Assert.Contains("middleware train intent --lang en", header, StringComparison.Ordinal);

        var (evalCode, evalOut, evalErr) = await MiddlewareProcess.RunAsync(["eval", "intent", "--lang", "en", "--data", data, "--model", model, "--held-out"]);
        Assert.True(evalCode == 0, evalErr);
        Assert.Matches(SummaryLine(), LastLine(evalOut));
        Assert.Equal("accuracy=1.000", LastLine(evalOut).Split(' ')[0]);
    }

    [Fact]
    public async Task Classify_prints_a_json_line_per_text_even_for_bad_input()
    {
        var (code, stdout, stderr) = await MiddlewareProcess.RunAsync(["classify", "--text", "我的快递到现在还没到，太慢了，我要投诉", "My card was charged twice, this is ridiculous", "😡😡😡", ""]);
        Assert.True(code == 0, stderr);
        var lines = stdout.Trim().Split('\n').Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(4, lines.Count);
        Assert.Equal("zh", lines[0].GetProperty("language").GetString());
        Assert.True(lines[0].GetProperty("valence").GetDouble() < 0);
        Assert.Equal("en", lines[1].GetProperty("language").GetString());
        Assert.Equal("unknown", lines[2].GetProperty("language").GetString());
        Assert.Equal("neutral", lines[3].GetProperty("emotion").GetString());
    }
}
