using System.Text.Json;

namespace Middleware.Enrichment.Asr.Engines.Http;

/// <summary>
/// A recognizer server's answer to POST /v1/audio/transcriptions, as OpenAI documents it:
/// json is {"text": "..."}; verbose_json adds "language" (a name such as "english", or a code) and
/// "segments" [{start, end, text, avg_logprob}]. Never throws: a bad answer comes back as
/// <see cref="Error"/>, saying what is wrong and where.
/// </summary>
public sealed record TranscriptionAnswer(Recognition? Recognition, string? Error)
{
    /// <summary>The confidence when the server gives no log-probabilities (plain json): it said the words, no more is known.</summary>
    public const double UnscoredConfidence = 0.5;

    private static readonly Lazy<Dictionary<string, string>> LanguageCodes = new(() =>
        CultureInfo.GetCultures(CultureTypes.NeutralCultures)
            .Where(c => c.TwoLetterISOLanguageName.Length == 2)
            .GroupBy(c => c.EnglishName.ToLowerInvariant())
            .ToDictionary(g => g.Key, g => g.First().TwoLetterISOLanguageName));

    /// <param name="fallbackLanguage">The configured language, for answers that do not say.</param>
    public static TranscriptionAnswer Parse(ReadOnlyMemory<byte> body, string? fallbackLanguage)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return Bad($"answer is not JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine}): {Snippet(body.Span)}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Bad($"answer is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object with \"text\": {Snippet(body.Span)}");
            }

            if (!root.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
            {
                return Bad($"answer has no \"text\" string: {Snippet(body.Span)}");
            }

            var language = root.TryGetProperty("language", out var l) && l.ValueKind == JsonValueKind.String ? LanguageCode(l.GetString()!) ?? fallbackLanguage : fallbackLanguage;
            var parts = new List<RecognizedPart>();
            var logProbabilities = new List<double>();
            if (root.TryGetProperty("segments", out var segments) && segments.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var segment in segments.EnumerateArray())
                {
                    if (segment.ValueKind != JsonValueKind.Object
                        || !segment.TryGetProperty("start", out var start) || !Number(start, out var from)
                        || !segment.TryGetProperty("end", out var end) || !Number(end, out var to)
                        || !segment.TryGetProperty("text", out var words) || words.ValueKind != JsonValueKind.String)
                    {
                        return Bad($"segments[{index}] lacks a numeric start and end and a text");
                    }

                    if (to < from || from < 0)
                    {
                        return Bad($"segments[{index}] runs from {from.ToString(CultureInfo.InvariantCulture)} s to {to.ToString(CultureInfo.InvariantCulture)} s");
                    }

                    parts.Add(new RecognizedPart(from, to, words.GetString()!.Trim()));
                    if (segment.TryGetProperty("avg_logprob", out var p) && Number(p, out var logProbability))
                    {
                        logProbabilities.Add(logProbability);
                    }

                    index++;
                }
            }

            var said = text.GetString()!.Trim();
            if (said.Length == 0 && parts.All(p => p.Text.Length == 0))
            {
                return new TranscriptionAnswer(Recognition.Nothing(language), null);
            }

            // avg_logprob is the mean log-probability of a segment's tokens: its exponent is the mean token probability.
            var confidence = logProbabilities.Count > 0 ? Math.Clamp(Math.Exp(logProbabilities.Average()), 0, 1) : UnscoredConfidence;
            return new TranscriptionAnswer(new Recognition(said.Length > 0 ? said : string.Join(' ', parts.Select(p => p.Text)), confidence, language, parts.Count > 0 ? parts : null), null);
        }
    }

    /// <summary>"en" stays "en"; whisper's "english", "chinese" become their ISO 639-1 codes; an unknown name is null.</summary>
    public static string? LanguageCode(string language)
    {
        var name = language.Trim().ToLowerInvariant();
        if (name.Length is 2 or 3 && name.All(char.IsAsciiLetterLower))
        {
            return name;
        }

        return LanguageCodes.Value.GetValueOrDefault(name);
    }

    private static TranscriptionAnswer Bad(string error) => new(null, error);

    /// <summary>TryGetDouble throws on a non-number (a "0" string): the kind is checked first.</summary>
    private static bool Number(JsonElement element, out double value)
    {
        value = 0;
        return element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out value);
    }

    private static string Snippet(ReadOnlySpan<byte> body)
    {
        var text = Encoding.UTF8.GetString(body[..Math.Min(body.Length, 120)]).ReplaceLineEndings(" ");
        return body.Length == 0 ? "(empty)" : body.Length > 120 ? text + "…" : text;
    }
}
