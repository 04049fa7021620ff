using System.Runtime.InteropServices;

namespace Middleware.Enrichment.Asr.Engines.PocketSphinx;

/// <summary>
/// PocketSphinx in process: a pool of native decoders over one configuration, each used by one
/// leg's utterance at a time (a ps_decoder_t is not thread-safe). Decoders are made on first need
/// up to <see cref="PocketSphinxOptions.Decoders"/>; <see cref="Create"/> makes the first at once,
/// so a wrong model path is reported at start naming the file, not at the first caller's word.
/// </summary>
public sealed class PocketSphinxEngine : ISpeechEngine
{
    private readonly PocketSphinxOptions _options;
    private readonly DecoderPool<IntPtr> _pool;

    private PocketSphinxEngine(PocketSphinxOptions options)
    {
        _options = options;
        _pool = new DecoderPool<IntPtr>(options.Decoders, NewDecoder, ps => PocketSphinxNative.Free(ps));
    }

    public string Name => "pocketsphinx";

    public int SampleRate => 16000;

    public string? Language => "en";

    public int MaxConcurrency => _pool.Size;

    /// <summary>The engine, or why not: libraries missing (with the apt command), a model file missing, a decoder refusing its configuration.</summary>
    public static PocketSphinxEngine Create(PocketSphinxOptions options)
    {
        if (!PocketSphinxNative.Available(out var problem))
        {
            throw new SpeechEngineUnavailableException($"PocketSphinx: {problem} (apt-get install libpocketsphinx3 pocketsphinx-en-us)");
        }

        foreach (var (what, path) in new[] { ("acoustic model", options.AcousticModel), ("language model", options.LanguageModel), ("dictionary", options.Dictionary), ("feature parameters", options.FeatureParams ?? options.AcousticModel), ("words file", options.WordsFile ?? options.Dictionary), ("domain language model", options.DomainLanguageModel ?? options.LanguageModel) })
        {
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                throw new SpeechEngineUnavailableException($"PocketSphinx: {what} not found: {path}" + (path.StartsWith(PocketSphinxOptions.DebianModel, StringComparison.Ordinal) ? " (apt-get install pocketsphinx-en-us)" : ""));
            }
        }

        var engine = new PocketSphinxEngine(options);
        engine._pool.Prime();
        return engine;
    }

    public async ValueTask<ISpeechDecoder> RentAsync(CancellationToken cancellationToken) =>
        new Decoder(_pool, await _pool.RentAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>The decoder's command line (argv[0] first): the options, then <see cref="PocketSphinxOptions.Flags"/>, which win over them.</summary>
    internal static List<string> Arguments(PocketSphinxOptions options, int sampleRate)
    {
        var flags = options.Flags.ToDictionary(f => f.Key.StartsWith('-') ? f.Key : "-" + f.Key, f => f.Value, StringComparer.Ordinal);
        var args = new List<string> { "pocketsphinx" };
        void Add(string flag, string value)
        {
            args.Add(flag);
            args.Add(flags.Remove(flag, out var given) ? given : value);
        }

        Add("-hmm", options.AcousticModel);
        Add("-lm", options.LanguageModel);
        Add("-dict", options.Dictionary);
        Add("-samprate", sampleRate.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("-logfn", "/dev/null");
        Add("-remove_noise", options.RemoveNoise ? "yes" : "no");
        Add("-fwdflat", options.SecondPass ? "yes" : "no");
        Add("-maxhmmpf", options.MaxHmmsPerFrame.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (options.FeatureParams is { } featureParams)
        {
            Add("-featparams", featureParams);
        }

        foreach (var (flag, value) in flags)
        {
            args.Add(flag);
            args.Add(value);
        }

        return args;
    }

    /// <summary>A numeric or yes/no flag as a decoder of this engine was configured (yes = 1): what reached PocketSphinx.</summary>
    internal async Task<long> DecoderFlagAsync(string flag)
    {
        var ps = await _pool.RentAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            return PocketSphinxNative.ConfigNumber(PocketSphinxNative.Config(ps), flag);
        }
        finally
        {
            _pool.Return(ps);
        }
    }

    private IntPtr NewDecoder()
    {
        var args = Arguments(_options, SampleRate);
        var argv = args.Select(Marshal.StringToCoTaskMemUTF8).ToArray();
        try
        {
            var config = PocketSphinxNative.ParseConfig(IntPtr.Zero, PocketSphinxNative.Args(), argv.Length, argv, 1);
            if (config == IntPtr.Zero)
            {
                throw new SpeechEngineUnavailableException($"PocketSphinx refused its flags: {string.Join(' ', args.Skip(1))}");
            }

            var ps = PocketSphinxNative.Init(config);
            PocketSphinxNative.FreeConfig(config); // the decoder holds its own reference (ps_init retains it)
            if (ps == IntPtr.Zero)
            {
                throw new SpeechEngineUnavailableException($"PocketSphinx could not load its models (hmm {_options.AcousticModel}, lm {_options.LanguageModel}, dict {_options.Dictionary})");
            }

            if (_options.DomainLanguageModel is { } domain && _options.DomainWeight > 0)
            {
                Interpolate(ps, domain);
            }

            foreach (var (word, phones) in Words())
            {
                if (PocketSphinxNative.AddWord(ps, word.ToLowerInvariant(), phones.ToUpperInvariant(), 1) < 0)
                {
                    PocketSphinxNative.Free(ps);
                    throw new SpeechEngineUnavailableException($"PocketSphinx: dictionary word '{word}' has a phone the acoustic model does not know: {phones}");
                }
            }

            return ps;
        }
        finally
        {
            foreach (var p in argv)
            {
                Marshal.FreeCoTaskMem(p);
            }
        }
    }

    private void Interpolate(IntPtr ps, string domainPath)
    {
        var config = PocketSphinxNative.Config(ps);
        var logMath = PocketSphinxNative.LogMath(ps);
        var general = PocketSphinxNative.ReadLanguageModel(config, _options.LanguageModel, 0, logMath);
        var domain = PocketSphinxNative.ReadLanguageModel(config, domainPath, 0, logMath);
        if (general == IntPtr.Zero || domain == IntPtr.Zero)
        {
            PocketSphinxNative.Free(ps);
            throw new SpeechEngineUnavailableException($"PocketSphinx could not read the language model {(domain == IntPtr.Zero ? domainPath : _options.LanguageModel)} (ARPA or binary expected)");
        }

        var names = new[] { Marshal.StringToCoTaskMemUTF8("general"), Marshal.StringToCoTaskMemUTF8("domain") };
        try
        {
            var weight = (float)Math.Clamp(_options.DomainWeight, 0, 1);
            var set = PocketSphinxNative.InterpolateLanguageModels(config, [general, domain], names, [1 - weight, weight], 2);
            if (set == IntPtr.Zero || PocketSphinxNative.SetLanguageModel(ps, "interpolated", set) < 0 || PocketSphinxNative.SetSearch(ps, "interpolated") < 0)
            {
                PocketSphinxNative.Free(ps);
                throw new SpeechEngineUnavailableException($"PocketSphinx could not interpolate {domainPath} with {_options.LanguageModel}");
            }

            PocketSphinxNative.FreeLanguageModel(set); // the search holds its own reference
        }
        finally
        {
            foreach (var name in names)
            {
                Marshal.FreeCoTaskMem(name);
            }
        }
    }

    /// <summary>The configured words, then the words file's (a configured word wins).</summary>
    private IEnumerable<KeyValuePair<string, string>> Words()
    {
        var words = new Dictionary<string, string>(_options.Words, StringComparer.OrdinalIgnoreCase);
        if (_options.WordsFile is { } file)
        {
            foreach (var line in File.ReadLines(file))
            {
                var parts = line.Trim().Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 2 && !parts[0].StartsWith('#'))
                {
                    words.TryAdd(parts[0], parts[1]);
                }
            }
        }

        return words;
    }

    public void Dispose() => _pool.Dispose();

    private sealed class Decoder(DecoderPool<IntPtr> pool, IntPtr ps) : ISpeechDecoder
    {
        private bool _inUtterance;
        private bool _returned;

        public void Begin()
        {
            if (PocketSphinxNative.StartUtterance(ps) < 0)
            {
                throw new InvalidOperationException("ps_start_utt failed");
            }

            _inUtterance = true;
        }

        public unsafe void Accept(ReadOnlySpan<short> pcm)
        {
            fixed (short* p = pcm)
            {
                PocketSphinxNative.ProcessRaw(ps, p, (nuint)pcm.Length, 0, 0);
            }
        }

        public string? Partial() => Text(PocketSphinxNative.Hypothesis(ps, out _));

        public ValueTask<Recognition> EndAsync(CancellationToken cancellationToken)
        {
            PocketSphinxNative.EndUtterance(ps);
            _inUtterance = false;
            var text = Text(PocketSphinxNative.Hypothesis(ps, out _)) ?? "";
            var confidence = text.Length == 0 ? 0 : Math.Clamp(PocketSphinxNative.LogMathExp(PocketSphinxNative.LogMath(ps), PocketSphinxNative.Posterior(ps)), 0, 1);
            return ValueTask.FromResult(new Recognition(text, confidence, "en"));
        }

        private static string? Text(IntPtr hyp) => hyp == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(hyp)?.Trim() is { Length: > 0 } s ? s : null;

        public void Dispose()
        {
            if (_returned)
            {
                return;
            }

            _returned = true;
            if (_inUtterance)
            {
                PocketSphinxNative.EndUtterance(ps);
            }

            pool.Return(ps);
        }
    }
}
