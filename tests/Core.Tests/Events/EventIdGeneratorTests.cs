using Microsoft.Extensions.Time.Testing;
using Middleware.Core.Events;

namespace Middleware.Core.Tests.Events;

public class EventIdGeneratorTests
{
    [Fact]
    public void Ids_made_in_the_same_millisecond_still_increase()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-26T10:00:00Z"));
        var generator = new EventIdGenerator(clock);
        var ids = Enumerable.Range(0, 10_000).Select(_ => generator.Next()).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.True(ids.Zip(ids.Skip(1)).All(p => p.First.CompareTo(p.Second) < 0));
        Assert.True(ids.Zip(ids.Skip(1)).All(p => string.CompareOrdinal(p.First.ToString(), p.Second.ToString()) < 0));
    }

    [Fact]
    public void Ids_carry_their_timestamp_and_version_7()
    {
        var at = DateTimeOffset.Parse("2026-11-26T10:00:00.123Z");
        var id = new EventIdGenerator(new FakeTimeProvider(at)).Next();

        Assert.Equal(at, id.Timestamp);
        Assert.Equal('7', id.ToString()[14]);
        Assert.Equal(id, EventId.FromBytes(id.ToBytes()));
        Assert.Equal(id, EventId.Parse(id.ToString()));
    }

    [Fact]
    public void A_clock_going_back_does_not_break_order()
    {
        var clock = new SettableClock { Now = DateTimeOffset.Parse("2026-11-26T10:00:01Z") };
        var generator = new EventIdGenerator(clock);
        var first = generator.Next();
        clock.Now = DateTimeOffset.Parse("2026-11-26T10:00:00Z");

        Assert.True(generator.Next().CompareTo(first) > 0);
    }

    private sealed class SettableClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
