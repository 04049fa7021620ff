namespace Middleware.Enrichment.Text;

/// <summary>
/// 64-bit FNV-1a (Fowler/Noll/Vo, IETF draft-eastlake-fnv) over UTF-16 code units, seeded per
/// feature family so a character trigram and a word never share a hash. 64 bits keep collisions
/// out of vocabularies of millions (birthday bound ~2^32).
/// </summary>
public static class FeatureHash
{
    public const ulong Prime = 1099511628211UL;
    public const ulong Offset = 14695981039346656037UL;

    public const ulong CharSeed = Offset;
    public const ulong WordSeed = Offset ^ 0x5752_4400UL;
    public const ulong NegatedWordSeed = Offset ^ 0x4E45_4700UL;

    public static ulong Step(ulong hash, char c) => (hash ^ c) * Prime;

    public static ulong Of(ReadOnlySpan<char> text, ulong seed)
    {
        var h = seed;
        foreach (var c in text)
        {
            h = Step(h, c);
        }

        return Mix(h);
    }

    /// <summary>Joins two word hashes into one bigram hash (order matters).</summary>
    public static ulong Pair(ulong first, ulong second) => Mix((first * Prime) ^ (second + 0x9E3779B97F4A7C15UL));

    /// <summary>The murmur3 finalizer, so nearby FNV values spread over the whole range.</summary>
    public static ulong Mix(ulong h)
    {
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdUL;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53UL;
        h ^= h >> 33;
        return h;
    }
}
