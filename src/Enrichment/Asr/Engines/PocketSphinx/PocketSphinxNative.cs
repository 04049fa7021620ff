using System.Runtime.InteropServices;

namespace Middleware.Enrichment.Asr.Engines.PocketSphinx;

/// <summary>
/// The 5prealpha C API of Debian's libpocketsphinx3 (pocketsphinx.h, cmd_ln.h and logmath.h of
/// sphinxbase 5prealpha). Only what one decoder's life needs: configure, init, one utterance at a
/// time, the hypothesis and its posterior, extra dictionary words, free.
/// </summary>
internal static class PocketSphinxNative
{
    public const string Library = "libpocketsphinx.so.3";
    public const string BaseLibrary = "libsphinxbase.so.3";

    [DllImport(Library, EntryPoint = "ps_args")]
    public static extern IntPtr Args();

    /// <summary>cmd_ln_t *cmd_ln_parse_r(cmd_ln_t *inout, const arg_t *defn, int32 argc, char *argv[], int32 strict)</summary>
    [DllImport(BaseLibrary, EntryPoint = "cmd_ln_parse_r")]
    public static extern IntPtr ParseConfig(IntPtr inout, IntPtr definitions, int argc, IntPtr[] argv, int strict);

    [DllImport(BaseLibrary, EntryPoint = "cmd_ln_free_r")]
    public static extern int FreeConfig(IntPtr config);

    [DllImport(Library, EntryPoint = "ps_init")]
    public static extern IntPtr Init(IntPtr config);

    [DllImport(Library, EntryPoint = "ps_free")]
    public static extern int Free(IntPtr decoder);

    [DllImport(Library, EntryPoint = "ps_start_utt")]
    public static extern int StartUtterance(IntPtr decoder);

    /// <summary>int ps_process_raw(ps_decoder_t *ps, int16 const *data, size_t n_samples, int no_search, int full_utt)</summary>
    [DllImport(Library, EntryPoint = "ps_process_raw")]
    public static extern unsafe int ProcessRaw(IntPtr decoder, short* data, nuint samples, int noSearch, int fullUtterance);

    [DllImport(Library, EntryPoint = "ps_end_utt")]
    public static extern int EndUtterance(IntPtr decoder);

    /// <summary>char const *ps_get_hyp(ps_decoder_t *ps, int32 *out_best_score): owned by the decoder, valid until the next call.</summary>
    [DllImport(Library, EntryPoint = "ps_get_hyp")]
    public static extern IntPtr Hypothesis(IntPtr decoder, out int bestScore);

    /// <summary>The log posterior of the best hypothesis (in the decoder's logmath base).</summary>
    [DllImport(Library, EntryPoint = "ps_get_prob")]
    public static extern int Posterior(IntPtr decoder);

    [DllImport(Library, EntryPoint = "ps_get_logmath")]
    public static extern IntPtr LogMath(IntPtr decoder);

    [DllImport(BaseLibrary, EntryPoint = "logmath_exp")]
    public static extern double LogMathExp(IntPtr logMath, int logValue);

    /// <summary>int ps_add_word(ps_decoder_t *ps, char const *word, char const *phones, int update): -1 when a phone is unknown.</summary>
    [DllImport(Library, EntryPoint = "ps_add_word")]
    public static extern int AddWord(IntPtr decoder, [MarshalAs(UnmanagedType.LPUTF8Str)] string word, [MarshalAs(UnmanagedType.LPUTF8Str)] string phones, int update);

    [DllImport(Library, EntryPoint = "ps_get_config")]
    public static extern IntPtr Config(IntPtr decoder);

    /// <summary>ngram_model_t *ngram_model_read(cmd_ln_t *config, const char *file, ngram_file_type_t type, logmath_t *lmath); type 0 = NGRAM_AUTO.</summary>
    [DllImport(BaseLibrary, EntryPoint = "cmd_ln_access_r")]
    private static extern IntPtr ConfigValue(IntPtr config, [MarshalAs(UnmanagedType.LPUTF8Str)] string name);

    /// <summary>An integer or boolean flag of a parsed configuration (sphinxbase's anytype_t starts with its long).</summary>
    public static long ConfigNumber(IntPtr config, string name) => ConfigValue(config, name) is var value && value != IntPtr.Zero ? Marshal.ReadInt64(value) : throw new ArgumentException($"no decoder flag {name}", nameof(name));

    [DllImport(BaseLibrary, EntryPoint = "ngram_model_read")]
    public static extern IntPtr ReadLanguageModel(IntPtr config, [MarshalAs(UnmanagedType.LPUTF8Str)] string file, int type, IntPtr logMath);

    /// <summary>
    /// ngram_model_t *ngram_model_set_init(cmd_ln_t *config, ngram_model_t **models, char **names, const float32 *weights, int32 n):
    /// with weights, a linear interpolation of the models over the union of their words.
    /// </summary>
    [DllImport(BaseLibrary, EntryPoint = "ngram_model_set_init")]
    public static extern IntPtr InterpolateLanguageModels(IntPtr config, IntPtr[] models, IntPtr[] names, float[] weights, int count);

    [DllImport(BaseLibrary, EntryPoint = "ngram_model_free")]
    public static extern int FreeLanguageModel(IntPtr model);

    /// <summary>int ps_set_lm(ps_decoder_t *ps, const char *name, ngram_model_t *lm): adds an n-gram search (the decoder retains the model).</summary>
    [DllImport(Library, EntryPoint = "ps_set_lm")]
    public static extern int SetLanguageModel(IntPtr decoder, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, IntPtr model);

    [DllImport(Library, EntryPoint = "ps_set_search")]
    public static extern int SetSearch(IntPtr decoder, [MarshalAs(UnmanagedType.LPUTF8Str)] string name);

    /// <summary>True when the libraries load: the apt packages are installed.</summary>
    public static bool Available(out string? problem)
    {
        foreach (var name in new[] { BaseLibrary, Library })
        {
            if (!NativeLibrary.TryLoad(name, typeof(PocketSphinxNative).Assembly, null, out _))
            {
                problem = $"{name} is not installed";
                return false;
            }
        }

        problem = null;
        return true;
    }
}
