namespace Middleware.Enrichment.Text;

/// <summary>Scores a model on labelled rows with the metrics the eval verb prints.</summary>
public static class ClassifierEvaluation
{
    /// <param name="inScopeOnly">Answer out_of_scope below the model's threshold (for files that label out-of-scope rows, as CLINC150 does).</param>
    public static Metrics Evaluate(TextClassifier model, IEnumerable<LabelledText> rows, bool inScopeOnly = false)
    {
        var metrics = new Metrics();
        foreach (var row in rows)
        {
            if (model.Header.Mode == LabelMode.MultiLabel)
            {
                metrics.Add(row.Labels.ToList(), model.PredictLabels(row.Text).Select(p => p.Label).ToList());
            }
            else
            {
                var predicted = inScopeOnly ? model.PredictInScope(row.Text) : model.Predict(row.Text);
                metrics.Add(row.Label, predicted.Label);
            }
        }

        return metrics;
    }

    /// <summary>True when gold labels name the out-of-scope answer ("oos", "out_of_scope" or the model's own).</summary>
    public static bool LabelsOutOfScope(TextClassifier model, IEnumerable<LabelledText> rows) =>
        model.Header.OutOfScopeBelow is not null
        && rows.Any(r => r.Label is "oos" or "out_of_scope" || r.Label == model.Header.OutOfScopeLabel);
}
