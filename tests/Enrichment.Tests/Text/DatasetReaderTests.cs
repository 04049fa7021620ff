using Middleware.Enrichment.Emotion;
using Middleware.Enrichment.Text;
using Middleware.TestSupport;

namespace Middleware.Enrichment.Tests.Text;

public sealed class DatasetReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string File(string name, string content)
    {
        var path = Path.Combine(_dir.Path, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Reads_csv_with_quoted_commas_quotes_and_line_breaks()
    {
        var path = File("a.csv", "label,review\n1,\"好,很好\"\"真的\"\"\n第二行\"\n0,差评\n");
        var data = DatasetReader.Read(path, ColumnChoice.Sentiment);
        Assert.Equal("csv", data.Format);
        Assert.Equal(2, data.Rows.Count);
        Assert.Equal("好,很好\"真的\"\n第二行", data.Rows[0].Text);
        Assert.Equal((4, "0"), (data.Rows[1].Line, data.Rows[1].Label));
        Assert.Empty(data.Problems);
    }

    [Fact]
    public void Picks_the_category_for_intent_and_the_label_for_sentiment_from_cat_label_review()
    {
        var path = File("b.csv", "cat,label,review\n手机,1,电池耐用\n");
        Assert.Equal("手机", DatasetReader.Read(path, new ColumnChoice(["review"], ["cat"])).Rows[0].Label);
        Assert.Equal("1", DatasetReader.Read(path, ColumnChoice.Sentiment).Rows[0].Label);
    }

    [Fact]
    public void Reports_bad_rows_with_their_line_and_keeps_the_rest()
    {
        var path = File("c.csv", "text,category\nok one,card_arrival\nthree,fields,here\n,\nfine,top_up\n\"never closed,x\n");
        var data = DatasetReader.Read(path, ColumnChoice.Intent);
        Assert.Equal(["ok one", "fine"], data.Rows.Select(r => r.Text));
        Assert.Contains(data.Problems, p => p.StartsWith("line 3:", StringComparison.Ordinal) && p.Contains("3 fields", StringComparison.Ordinal));
        Assert.Contains(data.Problems, p => p.StartsWith("line 4:", StringComparison.Ordinal) && p.Contains("empty label", StringComparison.Ordinal));
        Assert.Contains(data.Problems, p => p.StartsWith("line 6:", StringComparison.Ordinal) && p.Contains("not closed", StringComparison.Ordinal));
    }

    [Fact]
    public void Reads_tsv_with_and_without_a_glue_header()
    {
        Assert.Equal(2, DatasetReader.Read(File("d.tsv", "a fine film\t1\ndull\t0\n"), ColumnChoice.Sentiment).Rows.Count);
        var glue = DatasetReader.Read(File("e.tsv", "sentence\tlabel\nit 's a charming journey .\t1\n"), ColumnChoice.Sentiment);
        Assert.Equal(("tsv", 1, 2), (glue.Format, glue.Rows.Count, glue.Rows[0].Line));
    }

    [Fact]
    public void Reads_goemotions_ids_into_names_and_flags_unknown_ids()
    {
        var path = File("f.tsv", "Thanks so much!\t15,17\teeabc\nWHY\t2\teeabd\nodd\t99\teeabe\n");
        var data = DatasetReader.Read(path, ColumnChoice.Emotion, GoEmotionsTaxonomy.Emotions);
        Assert.Equal("goemotions-tsv", data.Format);
        Assert.Equal(["gratitude", "joy"], data.Rows[0].Labels);
        Assert.Equal(["anger"], data.Rows[1].Labels);
        Assert.Contains(data.Problems, p => p.StartsWith("line 3:", StringComparison.Ordinal) && p.Contains("'99'", StringComparison.Ordinal));
    }

    [Fact]
    public void Reads_cluemotion_json_lines_and_reports_broken_lines()
    {
        var path = File("g.txt", "{\"id\": 0, \"content\": \"天会放晴吗？\", \"label\": \"sadness\"}\n{broken\n{\"id\": 2, \"content\": \"太好了\", \"label\": \"happiness\"}\n");
        var data = DatasetReader.Read(path, ColumnChoice.Emotion);
        Assert.Equal(("jsonl", 2), (data.Format, data.Rows.Count));
        Assert.Contains(data.Problems, p => p.StartsWith("line 2: not JSON", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_file_is_an_error_naming_it()
    {
        var e = Assert.Throws<FileNotFoundException>(() => DatasetReader.Read(Path.Combine(_dir.Path, "nope.csv"), ColumnChoice.Sentiment));
        Assert.Contains("nope.csv", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sentiment_labels_map_from_numbers_and_goemotions_polarity()
    {
        var goemotions = File("h.tsv", "love it\t18\tx1\nhmm\t27\tx2\nugh\t2,3\tx3\n");
        var (rows, _, dropped) = SentimentRecipes.English.Read(goemotions);
        Assert.Equal(["positive", "negative"], rows.Select(r => r.Label));
        Assert.Equal(1, dropped);
    }

    [Fact]
    public void Splits_are_fixed_by_the_text_so_duplicates_never_straddle()
    {
        // Letters, not digits: the normaliser folds every digit to 0, so "item 12" and "item 34" are one text.
        var rows = Enumerable.Range(0, 2000).Select(i => $"review {(char)('a' + (i % 500 / 26))}{(char)('a' + (i % 500 % 26))}").ToList();
        var (kept, taken) = DataSplit.Take(rows, r => r, 0.1, 7);
        Assert.InRange(taken.Count, 100, 300);
        Assert.Empty(kept.Intersect(taken));
        Assert.Equal(taken, DataSplit.Take(rows, r => r, 0.1, 7).Taken);
    }
}
