using Whisper.net;

namespace Middleware.Enrichment.Asr.Engines.Whisper;

/// <summary>
/// Whisper.net over an operator's ggml model: one WhisperFactory (the loaded model) and a pool of
/// processors, each decoding one leg's utterance at a time. Whisper is not streaming: the utterance
/// is buffered and decoded at its end, so there are no partials. The model file passes
/// <see cref="GgmlModelCheck"/> before the native library opens it, because a bad file aborts the
/// process inside whisper.cpp instead of failing; so a bad model is a
/// <see cref="SpeechEngineUnavailableException"/> naming the file, and the middleware runs on.
/// No model is reachable on the build machine, so the decode path below is not exercised by tests.
/// </summary>
public sealed class WhisperEngine : ISpeechEngine
{
    private readonly WhisperOptions _options;
    private readonly WhisperFactory _factory;
    private readonly DecoderPool<WhisperProcessor> _pool;

    private WhisperEngine(WhisperOptions options, WhisperFactory factory)
    {
        _options = options;
        _factory = factory;
        _pool = new DecoderPool<WhisperProcessor>(options.Processors, NewProcessor, processor => processor.Dispose());
        Language = IsAuto(options.Language) ? null : options.Language.Trim().ToLowerInvariant();
    }

    public string Name => "whisper";

    /// <summary>Whisper's encoder takes 16 kHz mono.</summary>
    public int SampleRate => 16000;

    public string? Language { get; }

    public int MaxConcurrency => _pool.Size;

    /// <summary>The engine, or why not: no model configured, the model file bad (named, with what is wrong), the native runtime refusing it.</summary>
    public static WhisperEngine Create(WhisperOptions options)
    {
        var path = options.ModelPath ?? "";
        var check = GgmlModelCheck.CheckFile(path, options.MinimumModelBytes, options.Sha256);
        if (!check.IsValid)
        {
            throw new SpeechEngineUnavailableException(string.IsNullOrWhiteSpace(path)
                ? $"Whisper: {check.Problem}; supply a whisper.cpp ggml model (none ships)"
                : $"Whisper model {path}: {check.Problem}");
        }

        WhisperFactory factory;
        try
        {
            factory = WhisperFactory.FromPath(path);
        }
        catch (Exception ex)
        {
            // The native runtime missing for this platform, or whisper.cpp refusing a file that passed the check.
            throw new SpeechEngineUnavailableException($"Whisper could not load {path}: {ex.Message}");
        }

        var engine = new WhisperEngine(options, factory);
        try
        {
            engine._pool.Prime();
        }
        catch (Exception ex)
        {
            engine.Dispose();
            throw new SpeechEngineUnavailableException($"Whisper could not start a processor on {path}: {ex.Message}");
        }

        return engine;
    }

    public async ValueTask<ISpeechDecoder> RentAsync(CancellationToken cancellationToken) =>
        new Decoder(this, await _pool.RentAsync(cancellationToken).ConfigureAwait(false));

    public void Dispose()
    {
        _pool.Dispose();
        _factory.Dispose();
    }

    private static bool IsAuto(string? language) => string.IsNullOrWhiteSpace(language) || language.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase);

    private WhisperProcessor NewProcessor()
    {
        // No context between utterances: a processor serves many legs in turn, and one caller's words
        // must not steer the decoding of another's.
        var builder = _factory.CreateBuilder().WithThreads(Math.Max(1, _options.Threads)).WithNoContext();
        builder = Language is null ? builder.WithLanguageDetection() : builder.WithLanguage(Language);
        if (!string.IsNullOrWhiteSpace(_options.Prompt))
        {
            builder = builder.WithPrompt(_options.Prompt);
        }

        return builder.Build();
    }

    private sealed class Decoder(WhisperEngine engine, WhisperProcessor processor) : ISpeechDecoder
    {
        private readonly List<float> _audio = [];
        private bool _returned;

        public void Begin() => _audio.Clear();

        public void Accept(ReadOnlySpan<short> pcm)
        {
            foreach (var sample in pcm)
            {
                _audio.Add(sample / 32768f);
            }
        }

        /// <summary>Whisper decodes whole utterances: nothing before the end.</summary>
        public string? Partial() => null;

        public async ValueTask<Recognition> EndAsync(CancellationToken cancellationToken)
        {
            if (_audio.Count == 0)
            {
                return Recognition.Nothing(engine.Language);
            }

            var texts = new List<string>();
            double probability = 0;
            string? language = engine.Language;
            await foreach (var segment in processor.ProcessAsync(_audio.ToArray(), cancellationToken).ConfigureAwait(false))
            {
                if (!string.IsNullOrWhiteSpace(segment.Text))
                {
                    texts.Add(segment.Text.Trim());
                    probability += segment.Probability;
                    language ??= segment.Language;
                }
            }

            _audio.Clear();
            return texts.Count == 0
                ? Recognition.Nothing(language)
                : new Recognition(string.Join(' ', texts), Math.Clamp(probability / texts.Count, 0, 1), language);
        }

        public void Dispose()
        {
            if (!_returned)
            {
                _returned = true;
                engine._pool.Return(processor);
            }
        }
    }
}
