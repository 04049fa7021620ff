namespace Middleware.Enrichment.Intent;

/// <summary>
/// Why the caller calls, updated as the call goes on: each final caller segment is added to the
/// call's evidence in its language (detected per segment, so a call may switch): the segment's intent
/// probabilities join the call's running, confidence-weighted average, out_of_scope when that
/// average is not sure enough; its terms join the call's keyword counts; an <see cref="IntentDetected"/>
/// with the call's keywords is emitted whenever the intent or the keywords change.
/// </summary>
public sealed class IntentEnricher(ModelSet models, IntentOptions options) : IEnricher
{
    private readonly ConcurrentDictionary<string, CallWords> _calls = new();
    private readonly KeywordExtractor _keywords = new(models.Find("intent", TextLanguage.En)?.Space);
    private readonly HashSet<Speaker> _speakers = [.. options.Speakers];

    public string Name => "intent";

    /// <summary>Loads what the first segment would otherwise wait for (jieba's idf table, when a Chinese model is there).</summary>
    public IntentEnricher WarmUp()
    {
        if (models.Find("intent", TextLanguage.Zh) is not null)
        {
            KeywordExtractor.WarmUp();
        }

        return this;
    }

    public IReadOnlyCollection<string> Kinds { get; } = [EventKinds.TranscriptSegment, EventKinds.CallEnded];

    public int Tracked => _calls.Count;

    public ValueTask EnrichAsync(EventEnvelope envelope, EnrichmentContext context, CancellationToken cancellationToken)
    {
        if (envelope.CallId is not { } callId)
        {
            return ValueTask.CompletedTask;
        }

        if (envelope.Payload is CallEnded)
        {
            _calls.TryRemove(callId, out _);
        }
        else if (envelope.Payload is TranscriptSegment { IsFinal: true } segment && _speakers.Contains(segment.Speaker))
        {
            OnSegment(callId, segment, context);
        }

        return ValueTask.CompletedTask;
    }

    private void OnSegment(string callId, TranscriptSegment segment, EnrichmentContext context)
    {
        var language = LanguageDetector.Detect(segment.Text);
        if (language == TextLanguage.Unknown || models.Find("intent", language) is not { } model)
        {
            return;
        }

        var words = _calls.GetOrAdd(callId, _ => new CallWords(Math.Clamp(options.Recency, 0, 1)));
        var p = new float[model.Labels.Count];
        model.Probabilities(segment.Text, p);
        var (best, confidence) = words.Add(language, p);
        var label = model.Header.OutOfScopeBelow is { } below && confidence < below ? model.Header.OutOfScopeLabel : model.Labels[best];
        _keywords.Add(segment.Text, words.Terms);
        var keywords = KeywordExtractor.Top(words.Terms, options.Keywords);
        if (label == words.LastIntent && keywords.SequenceEqual(words.LastKeywords))
        {
            return;
        }

        words.LastIntent = label;
        words.LastKeywords = keywords;
        context.Emit(new IntentDetected(label, Math.Round(confidence, 3), null, segment.Text, keywords, language.Code()));
    }

    /// <summary>
    /// One call's evidence per language: each segment's intent probabilities, weighted by how sure
    /// that segment is (so "ok, thanks" barely moves a call that said "my card has not arrived") and
    /// decayed by <see cref="IntentOptions.Recency"/> per segment (a caller who moves on to a second
    /// reason is heard). Per segment the cost is one prediction on the segment, whatever the call's length.
    /// </summary>
    private sealed class CallWords(double recency)
    {
        private readonly Dictionary<TextLanguage, (double[] Sum, double Weight)> _evidence = [];

        public string? LastIntent { get; set; }

        public IReadOnlyList<string> LastKeywords { get; set; } = [];

        public TermCounts Terms { get; } = new();

        public (int Best, double Confidence) Add(TextLanguage language, ReadOnlySpan<float> probabilities)
        {
            if (!_evidence.TryGetValue(language, out var e) || e.Sum.Length != probabilities.Length)
            {
                e = (new double[probabilities.Length], 0);
            }

            var weight = 0.0;
            foreach (var v in probabilities)
            {
                weight = Math.Max(weight, v);
            }

            var best = 0;
            for (var i = 0; i < probabilities.Length; i++)
            {
                e.Sum[i] = (e.Sum[i] * recency) + (weight * probabilities[i]);
                if (e.Sum[i] > e.Sum[best])
                {
                    best = i;
                }
            }

            e.Weight = (e.Weight * recency) + weight;
            _evidence[language] = e;
            return (best, e.Weight > 0 ? e.Sum[best] / e.Weight : 0);
        }
    }
}
