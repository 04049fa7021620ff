using Middleware.Enrichment.Text;
using Middleware.TestSupport;

namespace Middleware.Enrichment.Tests.Text;

public sealed class SparseNetworkTests : IDisposable
{
    private static readonly string[] Labels = ["app_problem", "card_arrival", "refund"];

    private static readonly NetworkOptions Small = new() { Hidden = 16, Epochs = 20, LearningRate = 0.3, MaxInputs = 500 };

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static (FeatureSpace Space, SparseNetwork Network) TrainNetwork()
    {
        var rows = ClassifierTrainerTests.Rows(1, 300);
        var space = FeatureSpace.Build(new TextFeaturizer(new FeaturizerOptions { CharMin = 2, CharMax = 4 }), rows.Select(r => r.Text).ToList(), 1, 100_000);
        var sparse = SparseRows.Build(space, rows.Select(r => r.Text).ToList());
        var gold = rows.Select(r => Array.IndexOf(Labels, r.Label)).ToArray();
        return (space, SparseNetworkTrainer.Train(space, sparse, gold, Labels.Length, Small, 7));
    }

    private static int Predict(FeatureSpace space, SparseNetwork network, string text)
    {
        int[] columns = new int[16];
        float[] values = new float[16];
        var n = space.Vectorize(text, ref columns, ref values);
        var p = new float[Labels.Length];
        network.Probabilities(columns.AsSpan(0, n), values.AsSpan(0, n), 1, p);
        Assert.Equal(1.0, p.Sum(), 3);
        return TextClassifier.ArgMax(p);
    }

    /// <summary>The SVM trained on the toy rows with the network attached at weight 0.5, as the trainer would ship it.</summary>
    private static TextClassifier Ensemble()
    {
        var svm = ClassifierTrainerTests.Train();
        var rows = ClassifierTrainerTests.Rows(1, 300).Concat(ClassifierTrainerTests.Rows(2, 90)).ToList();
        var sparse = SparseRows.Build(svm.Space, rows.Select(r => r.Text).ToList());
        var gold = rows.Select(r => Array.IndexOf(Labels, r.Label)).ToArray();
        var network = SparseNetworkTrainer.Train(svm.Space, sparse, gold, Labels.Length, Small, 7);
        var header = svm.Header with { Network = Small with { Weight = 0.5, Temperature = 0.8 } };
        return new TextClassifier(header, svm.Space, svm.Weights.ToArray(), svm.Bias.ToArray(), network);
    }

    [Fact]
    public void Alone_it_learns_a_small_task_and_generalises_to_unseen_phrasings()
    {
        var (space, network) = TrainNetwork();
        var test = ClassifierTrainerTests.Rows(3, 90);
        var right = test.Count(r => Labels[Predict(space, network, r.Text)] == r.Label);
        Assert.True(right >= 0.95 * test.Count, $"{right} of {test.Count} right");
        Assert.Equal("refund", Labels[Predict(space, network, "can I get my money back")]);
    }

    [Fact]
    public void The_same_rows_and_seed_give_the_same_weights()
    {
        var (_, a) = TrainNetwork();
        var (_, b) = TrainNetwork();
        Assert.Equal(a.Input, b.Input);
        Assert.Equal(a.Output, b.Output);
        Assert.Equal(a.HiddenBias, b.HiddenBias);
        Assert.Equal(a.OutputBias, b.OutputBias);
    }

    [Fact]
    public void Input_weights_are_on_the_8_bit_grid_the_file_stores()
    {
        var (_, network) = TrainNetwork();
        var h = network.Hidden;
        for (var r = 0; r < network.Inputs; r++)
        {
            var row = network.Input.AsSpan(r * h, h);
            var scale = SparseNetworkTrainer.RowScale(row);
            foreach (var w in row)
            {
                Assert.Equal(0, (w / scale) - MathF.Round(w / scale), 3);
            }
        }
    }

    [Fact]
    public void An_ensemble_blends_both_models_and_round_trips_through_a_format_2_file()
    {
        var model = Ensemble();
        var svmOnly = new TextClassifier(model.Header with { Network = null }, model.Space, model.Weights.ToArray(), model.Bias.ToArray());
        var path = _dir.File("ensemble.model");
        ModelFile.Save(model, path);
        var back = ModelFile.Load(path);
        Assert.Equal(2, back.Header.Format);
        Assert.NotNull(back.Network);
        Assert.Equal(0.5, back.Header.Network!.Weight);
        var differs = false;
        foreach (var text in new[] { "my card has not arrived", "refund", "", "😡", "app", "where is my money" })
        {
            float[] a = new float[3], b = new float[3], svm = new float[3];
            model.Probabilities(text, a);
            back.Probabilities(text, b);
            svmOnly.Probabilities(text, svm);
            Assert.Equal(1.0, b.Sum(), 3);
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(a[i], b[i], 2); // the SVM weights are stored as half floats
                differs |= Math.Abs(a[i] - svm[i]) > 1e-3;
            }
        }

        Assert.True(differs, "the network changed no probability");
        Assert.Equal("card_arrival", back.Predict("hello, my card never arrived").Label);
    }

    [Fact]
    public void A_model_without_a_network_stays_format_1()
    {
        var path = _dir.File("svm.model");
        ModelFile.Save(ClassifierTrainerTests.Train(), path);
        var back = ModelFile.Load(path);
        Assert.Equal(1, back.Header.Format);
        Assert.Null(back.Network);
    }

    [Fact]
    public void A_truncated_network_or_a_header_that_disagrees_with_the_body_is_an_error_naming_the_file()
    {
        var good = _dir.File("good.model");
        ModelFile.Save(Ensemble(), good);
        var bytes = File.ReadAllBytes(good);

        var truncated = _dir.File("cut.model");
        File.WriteAllBytes(truncated, bytes[..^200]);
        Assert.Contains("cut.model", Assert.Throws<ModelFileException>(() => ModelFile.Load(truncated)).Message, StringComparison.Ordinal);

        var text = System.Text.Encoding.Latin1.GetString(bytes);
        var format1 = _dir.File("format1.model");
        File.WriteAllBytes(format1, System.Text.Encoding.Latin1.GetBytes(text.Replace("\"format\": 2", "\"format\": 1")));
        var e = Assert.Throws<ModelFileException>(() => ModelFile.Load(format1));
        Assert.Contains("format1.model", e.Message, StringComparison.Ordinal);
        Assert.Contains("format 1 with a network", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trainer_with_a_network_still_learns_the_toy_task()
    {
        var settings = new TrainingSettings { Mode = LabelMode.SingleLabel, Featurizer = new FeaturizerOptions { CharMin = 2, CharMax = 4 }, MinDf = 1, CGrid = [0.5], Network = Small };
        var model = new ClassifierTrainer(settings).Train("intent", "en", Labels, ClassifierTrainerTests.Rows(1, 300), ClassifierTrainerTests.Rows(2, 90));
        Assert.Equal(model.Network is null, model.Header.Network is null);
        var metrics = ClassifierEvaluation.Evaluate(model, ClassifierTrainerTests.Rows(3, 90));
        Assert.True(metrics.Accuracy >= 0.95, metrics.Summary());
    }
}
