using Middleware.Fuzzing;
using Middleware.TestSupport;

namespace Middleware.Adapters.Tests.Robustness;

/// <summary>
/// Every parser that reads bytes from outside takes any bytes (issue 16): every truncation of its
/// corpus and a fixed set of seeded mutations end in records and errors, never an exception. The
/// targets are the fuzz runner's (tests/Fuzzing), which runs the same thing for minutes.
/// </summary>
public sealed class ParsersTakeAnyBytesTests : IDisposable
{
    // pcap inputs go through libpcap from a file: the truncations are of the capture's first part.
    private const int MaxTruncatedBytes = 3000;
    private readonly TempDirectory _dir = new();

    public static TheoryData<string> Parsers() => new(ParserTargets.All(Path.GetTempPath()).Select(t => t.Name));

    private FuzzTarget Target(string name) => ParserTargets.All(_dir.Path).Single(t => t.Name == name);

    [Theory]
    [MemberData(nameof(Parsers))]
    public void Every_truncation_of_the_corpus_is_read_without_an_exception(string parser)
    {
        var target = Target(parser);
        foreach (var entry in target.Corpus)
        {
            var whole = entry[..Math.Min(entry.Length, MaxTruncatedBytes)];
            for (var cut = 0; cut <= whole.Length; cut++)
            {
                var crash = target.Crash(whole[..cut]);
                Assert.True(crash is null, $"{parser}: the first {cut} bytes threw {crash}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Parsers))]
    public void Seeded_mutations_of_the_corpus_and_random_bytes_are_read_without_an_exception(string parser)
    {
        var target = Target(parser);
        var mutator = new ByteMutator(seed: 16);
        var random = new Random(16);
        var runs = parser == "pcap" ? 300 : 3000;
        for (var i = 0; i < runs; i++)
        {
            var input = i % 10 == 0 ? new byte[random.Next(0, 5000)] : mutator.Mutate(target.Corpus);
            if (i % 10 == 0)
            {
                random.NextBytes(input);
            }

            var crash = target.Crash(input);
            Assert.True(crash is null, $"{parser}: input {i} ({input.Length} bytes, seed 16) threw {crash}");
        }
    }

    public void Dispose() => _dir.Dispose();
}
