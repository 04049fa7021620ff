using Middleware.Enrichment.Text;
using Middleware.TestSupport;

namespace Middleware.Enrichment.Tests.Text;

public sealed class ClassifierTrainerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // Templates with varied fillers: the model must learn the intent words, not memorise sentences.
    private static readonly string[] Fillers = ["please", "today", "right now", "again", "for my account", "as soon as possible", "thanks", "quickly"];

    internal static List<LabelledText> Rows(int seed, int count)
    {
        var random = new Random(seed);
        string[][] templates =
        [
            ["my card has not arrived", "where is my new card", "card still not delivered", "when will the card come"],
            ["i want a refund", "give me my money back", "refund the payment", "how do i get refunded"],
            ["the app keeps crashing", "app will not open", "the application freezes", "app error on login"],
        ];
        string[] labels = ["card_arrival", "refund", "app_problem"];
        return Enumerable.Range(0, count).Select(i =>
        {
            var k = i % 3;
            var t = templates[k][random.Next(templates[k].Length)];
            return new LabelledText($"{Fillers[random.Next(Fillers.Length)]} {t} {Fillers[random.Next(Fillers.Length)]}", [labels[k]], i + 1);
        }).ToList();
    }

    internal static TextClassifier Train()
    {
        var settings = new TrainingSettings { Mode = LabelMode.SingleLabel, Featurizer = new FeaturizerOptions { CharMin = 2, CharMax = 4 }, MinDf = 1, CGrid = [0.5, 1] };
        return new ClassifierTrainer(settings).Train("intent", "en", ["app_problem", "card_arrival", "refund"], Rows(1, 300), Rows(2, 90));
    }

    [Fact]
    public void Learns_a_small_task_and_generalises_to_unseen_phrasings()
    {
        var model = Train();
        Assert.Equal("card_arrival", model.Predict("hello, my card never arrived").Label);
        Assert.Equal("refund", model.Predict("can I get my money back").Label);
        Assert.Equal("app_problem", model.Predict("the app crashes every time").Label);
        var metrics = ClassifierEvaluation.Evaluate(model, Rows(3, 90));
        Assert.True(metrics.Accuracy >= 0.95, metrics.Summary());
    }

    [Fact]
    public void Probabilities_are_calibrated_and_sum_to_one()
    {
        var model = Train();
        var p = new float[3];
        model.Probabilities("where is my new card", p);
        Assert.Equal(1.0, p.Sum(), 3);
        Assert.True(p[1] > 0.5);
        Assert.InRange(model.Header.Scale, 0.1, 200);
    }

    [Fact]
    public void Round_trips_through_a_model_file_with_the_same_answers()
    {
        var model = Train();
        var path = _dir.File("m.model");
        ModelFile.Save(model, path);
        var back = ModelFile.Load(path);
        Assert.Equal(model.Labels, back.Labels);
        foreach (var text in new[] { "my card has not arrived", "refund", "", "😡", "app" })
        {
            float[] a = new float[3], b = new float[3];
            model.Probabilities(text, a);
            back.Probabilities(text, b);
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(a[i], b[i], 2);
            }
        }
    }

    [Fact]
    public void A_missing_truncated_or_foreign_file_is_an_error_naming_the_file()
    {
        var model = Train();
        var good = _dir.File("good.model");
        ModelFile.Save(model, good);
        var bytes = File.ReadAllBytes(good);

        var missing = Assert.Throws<ModelFileException>(() => ModelFile.Load(_dir.File("none.model")));
        Assert.Contains("none.model: not found", missing.Message, StringComparison.Ordinal);

        var truncated = _dir.File("truncated.model");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        var e1 = Assert.Throws<ModelFileException>(() => ModelFile.Load(truncated));
        Assert.Contains("truncated.model", e1.Message, StringComparison.Ordinal);

        var foreign = _dir.File("foreign.model");
        File.WriteAllText(foreign, "PK\u0003\u0004 not a model at all");
        Assert.Contains("MWTXTCL1", Assert.Throws<ModelFileException>(() => ModelFile.Load(foreign)).Message, StringComparison.Ordinal);

        var header = _dir.File("header.model");
        var broken = (byte[])bytes.Clone();
        broken[14] = (byte)'#';
        File.WriteAllBytes(header, broken);
        Assert.Contains("header.model", Assert.Throws<ModelFileException>(() => ModelFile.Load(header)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_set_records_what_did_not_load_and_keeps_the_rest()
    {
        ModelFile.Save(Train(), _dir.File("intent-en.model"));
        File.WriteAllText(_dir.File("intent-zh.model"), "garbage");
        var set = ModelSet.Load(_dir.Path, [("intent", TextLanguage.En), ("intent", TextLanguage.Zh), ("sentiment", TextLanguage.En)]);
        Assert.NotNull(set.Find("intent", TextLanguage.En));
        Assert.Null(set.Find("intent", TextLanguage.Zh));
        Assert.Equal(2, set.Problems.Count);
        Assert.Contains(set.Problems, p => p.Contains("intent-zh.model", StringComparison.Ordinal));
        Assert.Contains(set.Problems, p => p.Contains("sentiment-en.model: not found", StringComparison.Ordinal));
    }
}
