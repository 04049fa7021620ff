namespace Middleware.Enrichment.Text;

/// <summary>
/// Feature hash → column, as an open-addressing table with linear probing (Knuth, TAOCP vol. 3,
/// 6.4) at most half full: key and column side by side, so a lookup is usually one cache line,
/// against two or three for <see cref="Dictionary{TKey, TValue}"/> (buckets, then entries). This
/// lookup is most of a prediction's cost (docs/performance.md). Hashes are already mixed, so their
/// low bits index the table directly.
/// </summary>
public sealed class FeatureIndex
{
    private readonly Entry[] _entries;
    private readonly int _mask;
    private readonly int _zeroColumn = -1;

    public FeatureIndex(ReadOnlySpan<ulong> hashes)
    {
        var size = 16;
        while (size < hashes.Length * 2)
        {
            size <<= 1;
        }

        _entries = new Entry[size];
        _mask = size - 1;
        for (var column = 0; column < hashes.Length; column++)
        {
            var key = hashes[column];
            if (key == 0)
            {
                _zeroColumn = column; // 0 marks an empty slot
                continue;
            }

            var i = (int)key & _mask;
            while (_entries[i].Key != 0 && _entries[i].Key != key)
            {
                i = (i + 1) & _mask;
            }

            _entries[i] = new Entry(key, column);
        }
    }

    public bool TryGetColumn(ulong key, out int column)
    {
        if (key == 0)
        {
            column = _zeroColumn;
            return column >= 0;
        }

        var entries = _entries;
        var i = (int)key & _mask;
        while (true)
        {
            var e = entries[i];
            if (e.Key == key)
            {
                column = e.Column;
                return true;
            }

            if (e.Key == 0)
            {
                column = -1;
                return false;
            }

            i = (i + 1) & _mask;
        }
    }

    private readonly record struct Entry(ulong Key, int Column);
}
