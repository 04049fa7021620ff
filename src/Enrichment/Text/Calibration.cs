namespace Middleware.Enrichment.Text;

/// <summary>
/// Turns SVM margins into probabilities on rows the SVM did not learn from: Platt scaling
/// (sigmoid(a·s + b), Platt 1999, fitted by Newton's method as in Lin, Lin &amp; Weng 2007) for
/// binary and multi-label models, temperature scaling (softmax(T·s), Guo et al., ICML 2017) for
/// one-of-many models, and per-label thresholds that maximise each label's F1.
/// </summary>
public static class Calibration
{
    public static (double A, double B) Platt(double[] scores, bool[] positive)
    {
        var prior1 = positive.Count(p => p);
        var prior0 = positive.Length - prior1;
        if (prior1 == 0 || prior0 == 0)
        {
            return (1, 0);
        }

        // Targets smoothed as in Platt's paper, so separable data does not push a to infinity.
        var hi = (prior1 + 1.0) / (prior1 + 2.0);
        var lo = 1.0 / (prior0 + 2.0);
        double a = 1, b = 0;
        for (var iteration = 0; iteration < 100; iteration++)
        {
            double g1 = 0, g2 = 0, h11 = 1e-12, h22 = 1e-12, h21 = 0;
            for (var i = 0; i < scores.Length; i++)
            {
                var t = positive[i] ? hi : lo;
                var p = TextClassifier.Sigmoid((a * scores[i]) + b);
                var d = p - t;
                var w = p * (1 - p);
                g1 += scores[i] * d;
                g2 += d;
                h11 += scores[i] * scores[i] * w;
                h22 += w;
                h21 += scores[i] * w;
            }

            var det = (h11 * h22) - (h21 * h21);
            if (Math.Abs(det) < 1e-18)
            {
                break;
            }

            var da = ((h22 * g1) - (h21 * g2)) / det;
            var db = ((h11 * g2) - (h21 * g1)) / det;
            a -= da;
            b -= db;
            if (Math.Abs(da) < 1e-7 && Math.Abs(db) < 1e-7)
            {
                break;
            }
        }

        return (a, b);
    }

    /// <summary>The T in softmax(T·s) with the smallest negative log-likelihood of the gold labels (golden-section search on log T).</summary>
    public static double Temperature(float[][] scores, int[] gold)
    {
        double Loss(double logT)
        {
            var t = Math.Exp(logT);
            var loss = 0.0;
            for (var i = 0; i < scores.Length; i++)
            {
                var s = scores[i];
                var max = s.Max() * t;
                var sum = 0.0;
                foreach (var v in s)
                {
                    sum += Math.Exp((v * t) - max);
                }

                loss -= (s[gold[i]] * t) - max - Math.Log(sum);
            }

            return loss;
        }

        double lo = Math.Log(0.1), hi = Math.Log(200);
        var phi = (Math.Sqrt(5) - 1) / 2;
        for (var i = 0; i < 60; i++)
        {
            var m1 = hi - (phi * (hi - lo));
            var m2 = lo + (phi * (hi - lo));
            if (Loss(m1) < Loss(m2))
            {
                hi = m2;
            }
            else
            {
                lo = m1;
            }
        }

        return Math.Exp((lo + hi) / 2);
    }

    /// <summary>Per label, the probability threshold with the best F1 on the tuning rows (0.5 when the label never occurs there).</summary>
    public static double[] F1Thresholds(float[][] scores, HashSet<int>[] gold, double a, double b)
    {
        var labels = scores.Length == 0 ? 0 : scores[0].Length;
        var thresholds = new double[labels];
        for (var k = 0; k < labels; k++)
        {
            var pairs = scores.Select((s, i) => (P: TextClassifier.Sigmoid((a * s[k]) + b), Gold: gold[i].Contains(k)))
                .OrderByDescending(x => x.P).ToArray();
            var positives = pairs.Count(x => x.Gold);
            if (positives == 0)
            {
                thresholds[k] = 0.5;
                continue;
            }

            var tp = 0;
            var bestF1 = -1.0;
            var best = 0.5;
            for (var i = 0; i < pairs.Length; i++)
            {
                if (pairs[i].Gold)
                {
                    tp++;
                }

                if (i + 1 < pairs.Length && pairs[i + 1].P == pairs[i].P)
                {
                    continue;
                }

                var f1 = 2.0 * tp / (i + 1 + positives);
                if (f1 > bestF1)
                {
                    bestF1 = f1;
                    best = i + 1 < pairs.Length ? (pairs[i].P + pairs[i + 1].P) / 2 : pairs[i].P;
                }
            }

            thresholds[k] = best;
        }

        return thresholds;
    }
}
