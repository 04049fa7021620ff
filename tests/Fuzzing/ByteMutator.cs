namespace Middleware.Fuzzing;

/// <summary>
/// A seeded mutator in the style of libFuzzer's default mutations (bit flips, interesting bytes
/// and integers, byte-range insert, erase, duplicate and cross-over between corpus entries,
/// truncation): the same seed gives the same inputs, so a crash found in a long run is replayed by
/// its seed and execution number.
/// </summary>
public sealed class ByteMutator(int seed)
{
    // Bytes the text protocols give meaning to, and lengths that overflow or underflow fields.
    private static readonly byte[] Interesting = [0, (byte)'\r', (byte)'\n', (byte)':', (byte)' ', (byte)';', (byte)'=', (byte)'/', 0x7F, 0x80, 0xFF, 0x1B];
    private static readonly uint[] InterestingInts = [0, 1, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF];

    // The same limits written out, for the text protocols' length and count fields.
    private static readonly string[] InterestingNumbers = ["0", "-1", "65535", "65536", "2147483647", "2147483648", "4294967296", "99999999999999999999"];

    private readonly Random _random = new(seed);

    public byte[] Mutate(IReadOnlyList<byte[]> corpus)
    {
        var input = new List<byte>(corpus[_random.Next(corpus.Count)]);
        var rounds = 1 + _random.Next(8);
        for (var i = 0; i < rounds; i++)
        {
            MutateOnce(input, corpus);
        }

        return [.. input];
    }

    private void MutateOnce(List<byte> input, IReadOnlyList<byte[]> corpus)
    {
        var at = input.Count == 0 ? 0 : _random.Next(input.Count);
        switch (_random.Next(10))
        {
            case 0 when input.Count > 0:
                input[at] ^= (byte)(1 << _random.Next(8));
                break;
            case 1 when input.Count > 0:
                input[at] = Interesting[_random.Next(Interesting.Length)];
                break;
            case 2:
                input.Insert(at, Interesting[_random.Next(Interesting.Length)]);
                break;
            case 3 when input.Count > 0:
                input.RemoveRange(at, Math.Min(input.Count - at, 1 + _random.Next(16)));
                break;
            case 4 when input.Count > 0:
                var length = Math.Min(input.Count - at, 1 + _random.Next(64));
                input.InsertRange(_random.Next(input.Count), input.GetRange(at, length));
                break;
            case 5 when input.Count >= 4:
                // An integer a length field might hold, big- or little-endian, at any offset.
                var value = InterestingInts[_random.Next(InterestingInts.Length)];
                var width = _random.Next(2) == 0 ? 2 : 4;
                var big = _random.Next(2) == 0;
                at = Math.Min(at, input.Count - width);
                for (var b = 0; b < width; b++)
                {
                    input[at + b] = (byte)(value >> (8 * (big ? width - 1 - b : b)));
                }

                break;
            case 6:
                var other = corpus[_random.Next(corpus.Count)];
                if (other.Length > 0)
                {
                    var from = _random.Next(other.Length);
                    input.InsertRange(at, other.AsSpan(from, Math.Min(other.Length - from, 1 + _random.Next(256))).ToArray());
                }

                break;
            case 8:
                // Replace a run of digits (or insert one) with a limit written in decimal.
                var end = at;
                while (end < input.Count && input[end] is >= (byte)'0' and <= (byte)'9')
                {
                    end++;
                }

                input.RemoveRange(at, end - at);
                input.InsertRange(at, System.Text.Encoding.ASCII.GetBytes(InterestingNumbers[_random.Next(InterestingNumbers.Length)]));
                break;
            case 7 when input.Count > 0:
                input.RemoveRange(at, input.Count - at);
                break;
            default:
                var random = new byte[1 + _random.Next(32)];
                _random.NextBytes(random);
                input.InsertRange(at, random);
                break;
        }
    }
}
