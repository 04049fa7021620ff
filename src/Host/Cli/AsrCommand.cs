using Middleware.Enrichment.Asr;
using Middleware.Enrichment.Asr.Engines.PocketSphinx;

namespace Middleware.Host.Cli;

/// <summary>
/// middleware asr wer MANIFEST: word error rate of PocketSphinx over recorded utterances, with the
/// language-model choices the issue compares (generic, call-center interpolated, flags). Last line:
/// wer=0.NNN errors=N words=N utterances=N rtf=0.NNN cpu=0.NNN (process CPU seconds per audio second).
/// </summary>
public static class AsrCommand
{
    public static Command Build()
    {
        var command = new Command("asr", "Speech recognition tools");
        command.Subcommands.Add(Wer());
        return command;
    }

    private static Command Wer()
    {
        var manifest = new Argument<FileInfo>("manifest") { Description = "TSV: WAV file (relative to the manifest) <TAB> reference words, e.g. tests/Enrichment.Tests/Asr/audio/heldout.tsv" };
        var lm = new Option<string>("--lm") { Description = "The language model (-lm): shipped (the default: Debian's generic en-us) or a path", DefaultValueFactory = _ => "shipped" };
        var domain = new Option<string>("--domain-lm") { Description = "Call-center LM interpolated with the generic one: a path, or none for the generic model alone", DefaultValueFactory = _ => "shipped" };
        var weight = new Option<double>("--domain-weight") { Description = "The domain LM's share, 0..1", DefaultValueFactory = _ => new PocketSphinxOptions().DomainWeight };
        var words = new Option<string>("--words") { Description = "Brand words file (word PHONES a line), or none", DefaultValueFactory = _ => "shipped" };
        var featParams = new Option<string>("--feat-params") { Description = "Feature parameters: shipped (telephone cmninit) or model (the acoustic model's own)", DefaultValueFactory = _ => "shipped" };
        var flags = new Option<string[]>("--flag") { Description = "A decoder flag, -name=value (repeatable), e.g. --flag -lw=8", AllowMultipleArgumentsPerToken = false };
        var removeNoise = new Option<bool>("--remove-noise") { Description = "Turn PocketSphinx's noise subtraction on (off by default for telephone audio)" };
        var decoders = new Option<int>("--decoders") { Description = "Utterances decoded at once", DefaultValueFactory = _ => 2 };
        var hangover = new Option<int>("--hangover-ms") { Description = "Silence that ends an utterance (asr.transcriber.vad.hangover_milliseconds)", DefaultValueFactory = _ => new VadOptions().HangoverMilliseconds };
        var verbose = new Option<bool>("--verbose") { Description = "One line per utterance: errors/words, what was heard" };
        var command = new Command("wer", "Word error rate over recorded utterances; last line: wer=… errors=… words=… utterances=… rtf=… cpu=… (CPU seconds per audio second)") { manifest, lm, domain, weight, words, featParams, flags, removeNoise, decoders, hangover, verbose };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new PocketSphinxOptions { DomainWeight = parse.GetValue(weight), Decoders = parse.GetValue(decoders), RemoveNoise = parse.GetValue(removeNoise) };
            options.LanguageModel = Choose(parse.GetValue(lm)!, options.LanguageModel) ?? options.LanguageModel;
            options.DomainLanguageModel = Choose(parse.GetValue(domain)!, options.DomainLanguageModel);
            options.WordsFile = Choose(parse.GetValue(words)!, options.WordsFile);
            options.FeatureParams = parse.GetValue(featParams) == "model" ? null : Choose(parse.GetValue(featParams)!, options.FeatureParams);
            foreach (var flag in parse.GetValue(flags) ?? [])
            {
                var eq = flag.IndexOf('=', StringComparison.Ordinal);
                if (eq < 1)
                {
                    await Console.Error.WriteLineAsync($"asr wer: --flag {flag}: expected -name=value");
                    return 2;
                }

                options.Flags[flag[..eq]] = flag[(eq + 1)..];
            }

            PocketSphinxEngine engine;
            try
            {
                engine = PocketSphinxEngine.Create(options);
            }
            catch (SpeechEngineUnavailableException ex)
            {
                await Console.Error.WriteLineAsync($"asr wer: {ex.Message}");
                return 1;
            }

            using (engine)
            {
                var result = await WerHarness.RunAsync(engine, parse.GetValue(manifest)!.FullName,
                    new TranscriberOptions { Vad = new VadOptions { HangoverMilliseconds = parse.GetValue(hangover) } }, cancellationToken);
                foreach (var problem in result.Problems)
                {
                    await Console.Error.WriteLineAsync(problem);
                }

                if (parse.GetValue(verbose))
                {
                    foreach (var u in result.Utterances)
                    {
                        Console.WriteLine($"{u.File}\t{u.Score.Errors}/{u.Score.ReferenceWords}\t{u.Heard}");
                    }
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"wer={result.Total.Rate:F3} errors={result.Total.Errors} words={result.Total.ReferenceWords} utterances={result.Utterances.Count} rtf={result.RealTimeFactor:F3} cpu={result.CpuPerAudioSecond:F3}"));
                return result.Problems.Count == 0 ? 0 : 1;
            }
        });
        return command;
    }

    /// <summary>"shipped" keeps the default (the file in models/asr), "none" turns it off, anything else is a path.</summary>
    private static string? Choose(string value, string? shipped) => value switch
    {
        "shipped" => shipped,
        "none" => null,
        _ => value,
    };
}
