using System.ComponentModel.DataAnnotations;

namespace Middleware.Enrichment.Asr;

/// <summary>
/// One `asr.routes` entry: which engine (and in which language) transcribes the legs it matches.
/// A call center with a Mandarin line next to its English ones sends that line's calls to a
/// recognizer server and the rest to the offline engine; a capture point whose audio is not to be
/// transcribed at all gets `engine: none`. Every condition given must hold; the first route that
/// matches a leg decides, a leg no route matches goes to `asr.engine`.
/// </summary>
public sealed class AsrRoute
{
    /// <summary>The source that mirrored the audio (hep, capture), as its events name it.</summary>
    public string? Source { get; set; }

    /// <summary>The call's queue (the PBX call's, when the mirrored call is joined to it); a trailing * matches any rest ("support-zh*").</summary>
    public string? Queue { get; set; }

    /// <summary>The number the caller dialed starts with this (a DID per language line).</summary>
    public string? DialedNumber { get; set; }

    /// <summary>pocketsphinx, whisper, http or none (the legs it matches are not transcribed).</summary>
    [Required]
    [RegularExpression("^(pocketsphinx|whisper|http|none)$", ErrorMessage = "engine must be pocketsphinx, whisper, http or none")]
    public string Engine { get; set; } = "";

    /// <summary>What the callers on this route speak (en, zh, …), handed to the engine; empty: the engine's own setting.</summary>
    public string? Language { get; set; }

    /// <summary>Whether a leg of <paramref name="call"/> (and of the call it is joined to) mirrored by <paramref name="source"/> is this route's.</summary>
    public bool Matches(string source, LiveCall? call, LiveCall? joined)
    {
        if (Source is { Length: > 0 } wanted && !string.Equals(wanted, source, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (Queue is { Length: > 0 } queue && !Like(call?.Queue, queue) && !Like(joined?.Queue, queue))
        {
            return false;
        }

        return DialedNumber is not { Length: > 0 } prefix
            || (call?.DialedNumber?.StartsWith(prefix, StringComparison.Ordinal) ?? false)
            || (joined?.DialedNumber?.StartsWith(prefix, StringComparison.Ordinal) ?? false);
    }

    private static bool Like(string? value, string pattern) => value is not null && (pattern.EndsWith('*')
        ? value.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase)
        : value.Equals(pattern, StringComparison.OrdinalIgnoreCase));
}
