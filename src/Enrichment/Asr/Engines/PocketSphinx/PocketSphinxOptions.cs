namespace Middleware.Enrichment.Asr.Engines.PocketSphinx;

/// <summary>Where PocketSphinx finds its models and how it decodes; paths default to Debian's pocketsphinx-en-us.</summary>
public sealed class PocketSphinxOptions
{
    public const string DebianModel = "/usr/share/pocketsphinx/model/en-us";

    /// <summary>The acoustic model directory (-hmm).</summary>
    public string AcousticModel { get; set; } = DebianModel + "/en-us";

    /// <summary>The language model, ARPA or binary (-lm). The project's call-center LM is models/asr/callcenter.lm.</summary>
    public string LanguageModel { get; set; } = DebianModel + "/en-us.lm.bin";

    /// <summary>
    /// Feature parameters (-featparams): Debian's en-us ones with the cepstral-mean start measured on
    /// 8 kHz telephone speech (models/asr/README.md), so a fresh decoder's first utterance is not
    /// decoded against wideband statistics. Null: the acoustic model's own feat.params.
    /// </summary>
    public string? FeatureParams { get; set; } = Shipped("telephone.feat.params");

    /// <summary>
    /// A domain language model interpolated with <see cref="LanguageModel"/> (sphinxbase's
    /// ngram_model_set): the call-center phrasing gets weight <see cref="DomainWeight"/>, general
    /// English keeps the rest, so a caller's word the domain corpus never had is still heard.
    /// Null: the language model alone.
    /// </summary>
    public string? DomainLanguageModel { get; set; } = Shipped("callcenter.lm");

    /// <summary>The domain model's share in the interpolation, 0..1.</summary>
    public double DomainWeight { get; set; } = 0.5;

    /// <summary>The pronunciation dictionary (-dict).</summary>
    public string Dictionary { get; set; } = DebianModel + "/cmudict-en-us.dict";

    /// <summary>
    /// Product and brand words the dictionary lacks, word → CMU phones ("zendesk": "Z EH N D EH S K").
    /// Added to every decoder with ps_add_word; the LM must know the word too for it to be heard.
    /// </summary>
    public Dictionary<string, string> Words { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A file of such words, one "word PHONES" a line (models/asr/callcenter.words: the brand words of the shipped LM).</summary>
    public string? WordsFile { get; set; } = Shipped("callcenter.words");

    /// <summary>
    /// PocketSphinx's spectral noise subtraction (-remove_noise). Off by default: on 300-3400 Hz
    /// telephone audio it takes the empty bands above 3.4 kHz for noise and subtracts speech; chosen
    /// on a development set apart from the test set (docs/models.md).
    /// </summary>
    public bool RemoveNoise { get; set; }

    /// <summary>
    /// The flat-lexicon second pass (-fwdflat): re-searches the whole utterance when it ends. On by
    /// default: measured unloaded it costs ~10 % of the CPU (the ~30 % of the development-set sweep was
    /// contention on a loaded machine), and without it the test set and the demo's calls lost words
    /// ("i lost my card" read "i'll my card"); off is the cheaper choice where every core counts.
    /// </summary>
    public bool SecondPass { get; set; } = true;

    /// <summary>
    /// Most HMMs the search keeps alive per 10 ms frame (-maxhmmpf; PocketSphinx's own default 30000).
    /// The cap bites on the long, uncertain stretches. 10000 chosen on the development set: no WER
    /// lost there; 5000 cost ~20 % less CPU for one more error in 244 words, 3000 lost 7 (docs/models.md).
    /// </summary>
    public int MaxHmmsPerFrame { get; set; } = 10000;

    /// <summary>Further decoder flags as PocketSphinx spells them ("-lw": "8", "-beam": "1e-60"); one given here wins over the options above.</summary>
    public Dictionary<string, string> Flags { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Decoders in the pool: legs decoded at once. Each holds the models' search state (~10-20 MB).</summary>
    public int Decoders { get; set; } = 2;

    /// <summary>A file of models/asr beside the executable, when it is there.</summary>
    public static string? Shipped(string file) => Path.Combine(AppContext.BaseDirectory, "models", "asr", file) is var path && File.Exists(path) ? path : null;
}
