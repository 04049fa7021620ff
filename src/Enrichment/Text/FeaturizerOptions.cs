namespace Middleware.Enrichment.Text;

/// <summary>How words are found for word n-grams.</summary>
public enum WordSplitting
{
    /// <summary>No word features (character n-grams only).</summary>
    None,

    /// <summary>Runs of letters, digits and apostrophes (English and other space-separated scripts).</summary>
    Letters,

    /// <summary>jieba segmentation (precise mode with HMM for unknown words) for Chinese, letters for the rest.</summary>
    Jieba,
}

/// <summary>
/// What a text becomes before a linear model reads it: character n-grams (robust to typos, ASR
/// errors and unsegmented Chinese) plus word n-grams, with negation scope marked as in Das &amp;
/// Chen (2001) / Pang et al. (2002): words after "not", "never", "没", "不"... up to the next
/// punctuation are distinct features, so "not good" does not add to "good".
/// </summary>
public sealed record FeaturizerOptions
{
    public int CharMin { get; init; } = 1;

    public int CharMax { get; init; } = 3;

    /// <summary>Longest word n-gram (0 = no word features).</summary>
    public int WordMax { get; init; } = 2;

    public WordSplitting Words { get; init; } = WordSplitting.Letters;

    public bool MarkNegation { get; init; }

    /// <summary>Longer texts are read up to here (a 100 KB CRM note costs no more than this much).</summary>
    public int MaxChars { get; init; } = 20_000;
}
