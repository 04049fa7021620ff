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

    /// <summary>The pronunciation dictionary (-dict).</summary>
    public string Dictionary { get; set; } = DebianModel + "/cmudict-en-us.dict";

    /// <summary>
    /// Product and brand words the dictionary lacks, word → CMU phones ("zendesk": "Z EH N D EH S K").
    /// Added to every decoder with ps_add_word; the LM must know the word too for it to be heard.
    /// </summary>
    public Dictionary<string, string> Words { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Further decoder flags as PocketSphinx spells them ("-lw": "8", "-beam": "1e-60").</summary>
    public Dictionary<string, string> Flags { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Decoders in the pool: legs decoded at once. Each holds the models' search state (~10-20 MB).</summary>
    public int Decoders { get; set; } = 2;

    /// <summary>A file of models/asr beside the executable, when it is there.</summary>
    public static string? Shipped(string file) => Path.Combine(AppContext.BaseDirectory, "models", "asr", file) is var path && File.Exists(path) ? path : null;
}
