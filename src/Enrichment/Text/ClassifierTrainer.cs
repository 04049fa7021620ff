namespace Middleware.Enrichment.Text;

/// <summary>
/// Trains a <see cref="TextClassifier"/>: vocabulary from the training rows, one-vs-rest linear
/// SVMs (<see cref="LinearSvmTrainer"/>) for each cost in the grid, the best cost on the tuning
/// rows, probabilities calibrated on them (Platt 1999 / temperature scaling, Guo et al. 2017),
/// multi-label thresholds and the out-of-scope threshold tuned on them, then a refit on both.
/// The held-out rows are the caller's: nothing here sees them.
/// </summary>
public sealed class ClassifierTrainer(TrainingSettings settings, Action<string>? log = null)
{
    private readonly Action<string> _log = log ?? (_ => { });

    public TrainingSettings Settings { get; } = settings;

    public TextClassifier Train(
        string task,
        string language,
        IReadOnlyList<string> labels,
        IReadOnlyList<LabelledText> train,
        IReadOnlyList<LabelledText> tune,
        IReadOnlyList<string>? outOfScopeTune = null)
    {
        var index = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var header = new ClassifierHeader
        {
            Task = task,
            Language = language,
            Mode = Settings.Mode,
            Labels = labels,
            Featurizer = Settings.Featurizer,
        };

        var bestC = Settings.CGrid[0];
        TextClassifier? best = null;
        var bestScore = double.NegativeInfinity;
        var space = BuildSpace(train);
        var trainRows = SparseRows.Build(space, train.Select(r => r.Text).ToList());
        _log($"features: {space.Count:N0} from {train.Count:N0} training rows");
        foreach (var c in Settings.CGrid)
        {
            var model = Fit(header, space, trainRows, train, index, c);
            var calibrated = Calibrate(model, tune, index);
            var score = TuneScore(calibrated, tune);
            _log($"C={c}: tuning {(Settings.Mode == LabelMode.MultiLabel ? "macro-F1" : "accuracy")} {score:0.0000}");
            if (score > bestScore)
            {
                (bestScore, bestC, best) = (score, c, calibrated);
            }
        }

        var tuned = best!;
        var (network, net) = Settings.Network is not null && Settings.Mode != LabelMode.MultiLabel && tune.Count > 0 ? TuneNetwork(tuned, trainRows, train, tune, index) : (null, null);
        if (network is not null)
        {
            tuned = new TextClassifier(tuned.Header with { Network = network }, tuned.Space, tuned.Weights.ToArray(), tuned.Bias.ToArray(), net);
        }

        var oos = outOfScopeTune is { Count: > 0 } && Settings.Mode == LabelMode.SingleLabel ? TuneOutOfScope(tuned, tune, outOfScopeTune) : (double?)null;
        var final = tuned;
        // The refit on train + tune keeps the calibration and thresholds tuned on the first fit; measured
        // on BANKING77 the held-out out-of-scope figures hold (docs/models.md) and accuracy gains.
        if (Settings.Refit && tune.Count > 0)
        {
            var all = train.Concat(tune).ToList();
            var refitSpace = BuildSpace(all);
            var refitRows = SparseRows.Build(refitSpace, all.Select(r => r.Text).ToList());
            var refit = Fit(header, refitSpace, refitRows, all, index, bestC);
            var refitNetwork = network is not null ? SparseNetworkTrainer.Train(refitSpace, refitRows, Gold(all, index), labels.Count, network, Settings.Seed) : null;
            if (refitNetwork is not null && !refitNetwork.IsFinite())
            {
                throw new InvalidOperationException($"the network diverged on the refit at step {network!.LearningRate}; train with a smaller --network-lr");
            }

            final = new TextClassifier(tuned.Header, refit.Space, refit.Weights.ToArray(), refit.Bias.ToArray(), refitNetwork);
            _log($"refit on {all.Count:N0} rows: {refitSpace.Count:N0} features");
        }

        var finalHeader = final.Header with { OutOfScopeBelow = oos, Training = new TrainingRecord { C = bestC, TrainRows = train.Count, TuneRows = tune.Count } };
        return new TextClassifier(finalHeader, final.Space, Prune(final.Weights.ToArray()), final.Bias.ToArray(), final.Network);
    }

    private static int[] Gold(IReadOnlyList<LabelledText> rows, Dictionary<string, int> index) => rows.Select(r => index[r.Label]).ToArray();

    /// <summary>
    /// Trains the network on the training rows, fits its temperature on the tuning rows, then the
    /// blend weight with the best tuning accuracy (ties to the smaller weight); none when the SVM alone does best.
    /// </summary>
    private (NetworkOptions?, SparseNetwork?) TuneNetwork(TextClassifier svm, SparseRows trainRows, IReadOnlyList<LabelledText> train, IReadOnlyList<LabelledText> tune, Dictionary<string, int> index)
    {
        var options = Settings.Network!;
        var labels = svm.Labels.Count;
        var net = SparseNetworkTrainer.Train(svm.Space, trainRows, Gold(train, index), labels, options, Settings.Seed);
        var tuneRows = SparseRows.Build(svm.Space, tune.Select(r => r.Text).ToList());
        var gold = Gold(tune, index);
        var logits = new float[tune.Count][];
        var svmProbabilities = new float[tune.Count][];
        var hidden = new float[options.Hidden];
        var scores = new float[svm.Columns];
        for (var i = 0; i < tune.Count; i++)
        {
            logits[i] = new float[labels];
            net.Forward(tuneRows.ColumnsOf(i), tuneRows.ValuesOf(i), hidden, logits[i]);
            svm.Score(tuneRows.ColumnsOf(i), tuneRows.ValuesOf(i), scores);
            svmProbabilities[i] = new float[labels];
            svm.ToProbabilities(scores, svmProbabilities[i]);
        }

        if (logits.Any(l => l.Any(v => !float.IsFinite(v))))
        {
            _log($"network diverged (a logit is not finite at step {options.LearningRate}): the SVM alone");
            return (null, null);
        }

        var temperature = Calibration.Temperature(logits, gold);
        var second = logits.Select(l => { var p = l.ToArray(); SparseNetwork.Softmax(p, temperature); return p; }).ToArray();
        var bestWeight = 0.0;
        var bestAccuracy = -1.0;
        var blended = new float[labels];
        foreach (var weight in new[] { 0, 0.2, 0.35, 0.5, 0.65, 0.8, 1 })
        {
            var right = 0;
            for (var i = 0; i < tune.Count; i++)
            {
                svmProbabilities[i].CopyTo(blended, 0);
                TextClassifier.Blend(blended, second[i], weight);
                right += TextClassifier.ArgMax(blended) == gold[i] ? 1 : 0;
            }

            var accuracy = right / (double)tune.Count;
            _log($"network weight {weight:0.00}: tuning accuracy {accuracy:0.0000}");
            if (accuracy > bestAccuracy + 1e-9)
            {
                (bestAccuracy, bestWeight) = (accuracy, weight);
            }
        }

        _log($"network {options.Hidden} hidden × {net.Inputs:N0} inputs, {options.Epochs} epochs at {options.LearningRate}: temperature {temperature:0.000}, weight {bestWeight:0.00}");
        return bestWeight > 0 ? (options with { Temperature = Math.Round(temperature, 6), Weight = bestWeight }, net) : (null, null);
    }

    private FeatureSpace BuildSpace(IReadOnlyList<LabelledText> rows) =>
        FeatureSpace.Build(new TextFeaturizer(Settings.Featurizer), rows.Select(r => r.Text).ToList(), Settings.MinDf, Settings.MaxFeatures);

    private TextClassifier Fit(ClassifierHeader header, FeatureSpace space, SparseRows rows, IReadOnlyList<LabelledText> data, Dictionary<string, int> index, double c)
    {
        var trainer = new LinearSvmTrainer { C = c, Seed = Settings.Seed, Parallelism = Settings.Parallelism, BalancePower = Settings.BalancePower };
        var labelSets = data.Select(r => r.Labels.Select(l => index[l]).ToHashSet()).ToArray();
        if (Settings.Mode == LabelMode.Binary)
        {
            var positive = labelSets.Select(s => s.Contains(1)).ToArray();
            float[]? ratio = null;
            if (Settings.NaiveBayes)
            {
                ratio = LogCountRatio(rows, positive, space.Count);
                rows = rows.WithScaledColumns(ratio);
            }

            var (w, b) = trainer.Train(rows, space.Count, 1, (i, _) => positive[i]);
            if (ratio is not null)
            {
                for (var f = 0; f < w.Length; f++)
                {
                    w[f] *= ratio[f];
                }
            }

            return new TextClassifier(header, space, w, b);
        }

        var (weights, bias) = trainer.Train(rows, space.Count, header.Labels.Count, (i, k) => labelSets[i].Contains(k));
        return new TextClassifier(header, space, weights, bias);
    }

    /// <summary>NBSVM's r = log((p / |p|₁) / (q / |q|₁)) with add-one smoothing over binarised features.</summary>
    private static float[] LogCountRatio(SparseRows rows, bool[] positive, int features)
    {
        var p = new double[features];
        var q = new double[features];
        Array.Fill(p, 1.0);
        Array.Fill(q, 1.0);
        for (var i = 0; i < rows.Count; i++)
        {
            var target = positive[i] ? p : q;
            foreach (var col in rows.ColumnsOf(i))
            {
                target[col] += 1;
            }
        }

        var sp = p.Sum();
        var sq = q.Sum();
        return p.Select((pv, f) => (float)Math.Log(pv / sp / (q[f] / sq))).ToArray();
    }

    private TextClassifier Calibrate(TextClassifier model, IReadOnlyList<LabelledText> tune, Dictionary<string, int> index)
    {
        if (tune.Count == 0)
        {
            return model;
        }

        var columns = model.Columns;
        var scores = new float[tune.Count][];
        for (var i = 0; i < tune.Count; i++)
        {
            scores[i] = new float[columns];
            model.Scores(tune[i].Text, scores[i]);
        }

        var gold = tune.Select(r => r.Labels.Select(l => index[l]).ToHashSet()).ToArray();
        var header = model.Header;
        switch (Settings.Mode)
        {
            case LabelMode.Binary:
            {
                var (a, b) = Calibration.Platt(scores.Select(s => (double)s[0]).ToArray(), gold.Select(g => g.Contains(1)).ToArray());
                header = header with { Scale = a, Offset = b };
                break;
            }

            case LabelMode.MultiLabel:
            {
                var flat = scores.SelectMany(s => s.Select(v => (double)v)).ToArray();
                var truth = gold.SelectMany(g => Enumerable.Range(0, columns).Select(g.Contains)).ToArray();
                var (a, b) = Calibration.Platt(flat, truth);
                header = header with { Scale = a, Offset = b };
                var thresholds = Calibration.F1Thresholds(scores, gold, a, b);
                header = header with { Thresholds = thresholds };
                break;
            }

            default:
                header = header with { Scale = Calibration.Temperature(scores, gold.Select(g => g.First()).ToArray()) };
                break;
        }

        return new TextClassifier(header, model.Space, model.Weights.ToArray(), model.Bias.ToArray());
    }

    private double TuneScore(TextClassifier model, IReadOnlyList<LabelledText> tune)
    {
        var metrics = new Metrics();
        foreach (var row in tune)
        {
            if (Settings.Mode == LabelMode.MultiLabel)
            {
                metrics.Add(row.Labels.ToList(), model.PredictLabels(row.Text).Select(p => p.Label).ToList());
            }
            else
            {
                metrics.Add(row.Label, model.Predict(row.Text).Label);
            }
        }

        return Settings.Mode == LabelMode.MultiLabel ? metrics.MacroF1 : metrics.Accuracy;
    }

    /// <summary>
    /// The top-probability threshold below which the answer is out_of_scope: the one that rejects
    /// the most out-of-scope tuning texts while costing in-scope rows at most
    /// <see cref="TrainingSettings.OutOfScopeCost"/> of accuracy (a rejected in-scope row counts as
    /// wrong). CLINC150 (Larson et al., EMNLP 2019) reports both sides; a wrong confident intent
    /// makes a wrong ticket, a rejected one only a ticket without a reason.
    /// </summary>
    private double TuneOutOfScope(TextClassifier model, IReadOnlyList<LabelledText> tune, IReadOnlyList<string> outOfScope)
    {
        var inScope = tune.Select(r => { var p = model.Predict(r.Text); return (p.Probability, Right: p.Label == r.Label); }).ToArray();
        var oos = outOfScope.Select(t => model.Predict(t).Probability).ToArray();
        double Accuracy(double t) => inScope.Count(x => x.Right && x.Probability >= t) / (double)inScope.Length;
        double Recall(double t) => oos.Count(p => p < t) / (double)oos.Length;
        var floor = Accuracy(0) - Settings.OutOfScopeCost;
        var best = 0.0;
        for (var t = 0.01; t < 1.0; t += 0.01)
        {
            if (Accuracy(t) >= floor)
            {
                best = t;
            }
        }

        _log($"out-of-scope below p={best:0.00}: in-scope accuracy {Accuracy(best):0.000} (without: {Accuracy(0):0.000}), out-of-scope recall {Recall(best):0.000} ({oos.Length} texts)");
        return Math.Round(best, 2);
    }

    private float[] Prune(float[] weights)
    {
        if (Settings.PruneBelow <= 0)
        {
            return weights;
        }

        var threshold = (float)Settings.PruneBelow;
        for (var i = 0; i < weights.Length; i++)
        {
            if (Math.Abs(weights[i]) < threshold)
            {
                weights[i] = 0;
            }
        }

        return weights;
    }
}
