using Middleware.Core.Events;
using Middleware.Core.Journal;
using Middleware.TestSupport;

namespace Middleware.Core.Tests.Journal;

/// <summary>What every journal store must do; each store runs these against a real database.</summary>
public abstract class JournalContract
{
    protected abstract Task<IEventJournal> OpenAsync();

    [Fact]
    public async Task Appended_events_read_back_whole_by_call_range_and_position()
    {
        await using var journal = await OpenAsync();
        var t0 = DateTimeOffset.Parse("2026-11-26T10:00:00Z");
        var started = TestEvents.Started("c1", at: t0) with { Raw = RawSource.FromText("ami", "Event: Newchannel\r\n\r\n") };
        var other = TestEvents.Started("c2", at: t0.AddSeconds(1));
        var ended = TestEvents.Ended("c1", at: t0.AddSeconds(30)) with { Synthesized = true, CausedBy = started.Id };

        var results = await journal.AppendBatchAsync([started, other, ended]);

        Assert.All(results, r => Assert.True(r.Inserted));
        Assert.Equal(results.Select(r => r.Position).Order(), results.Select(r => r.Position));
        var call = await journal.ReadCallAsync("c1").ToListAsync();
        Assert.Equal([started.Id, ended.Id], call.Select(e => e.Envelope.Id));
        var back = call[0].Envelope;
        Assert.Equal(started.OccurredAt, back.OccurredAt);
        Assert.Equal(started.ReceivedAt.ToUnixTimeMilliseconds(), back.ReceivedAt.ToUnixTimeMilliseconds());
        Assert.Equal(started.Payload, back.Payload);
        Assert.Equal("Event: Newchannel\r\n\r\n", back.Raw!.Text);
        Assert.True(call[1].Envelope.Synthesized);
        Assert.Equal(started.Id, call[1].Envelope.CausedBy);

        var range = await journal.ReadRangeAsync(t0, t0.AddSeconds(2)).ToListAsync();
        Assert.Equal([started.Id, other.Id], range.Select(e => e.Envelope.Id));

        var after = await journal.ReadAfterAsync(results[0].Position, 10);
        Assert.Equal([other.Id, ended.Id], after.Select(e => e.Envelope.Id));
        Assert.Equal(results[2].Position, await journal.HeadAsync());
    }

    [Fact]
    public async Task Appending_an_id_twice_is_a_no_op_that_returns_the_first_position()
    {
        await using var journal = await OpenAsync();
        var e = TestEvents.Started("c1");
        var first = await journal.AppendAsync(e);
        var again = await journal.AppendBatchAsync([e, TestEvents.Started("c2"), e]);

        Assert.True(first.Inserted);
        Assert.False(again[0].Inserted);
        Assert.Equal(first.Position, again[0].Position);
        Assert.True(again[1].Inserted);
        Assert.False(again[2].Inserted);
        Assert.Equal(2, (await journal.ReadAfterAsync(0, 100)).Count);
        Assert.Equal(2, journal.Health.Duplicates);
    }

    [Fact]
    public async Task Concurrent_appends_are_grouped_into_few_commits()
    {
        await using var journal = await OpenAsync();
        var events = Enumerable.Range(0, 2000).Select(i => TestEvents.Started("c" + i)).ToList();

        var results = await Task.WhenAll(events.Select(e => journal.AppendAsync(e).AsTask()));

        Assert.Equal(2000, results.Select(r => r.Position).Distinct().Count());
        Assert.Equal(2000, journal.Health.Appended);
        Assert.True(journal.Health.Commits < 2000, $"expected group commits, got {journal.Health.Commits} commits for 2000 appends");
    }

    [Fact]
    public async Task Follow_yields_history_then_new_events_as_they_commit()
    {
        await using var journal = await OpenAsync();
        await journal.AppendAsync(TestEvents.Started("c1"));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var seen = new List<string>();
        var follower = Task.Run(async () =>
        {
            await foreach (var entry in journal.FollowAsync(0, cts.Token))
            {
                seen.Add(entry.Envelope.CallId!);
                if (seen.Count == 3)
                {
                    break;
                }
            }
        });

        await journal.AppendAsync(TestEvents.Started("c2"));
        await journal.AppendAsync(TestEvents.Started("c3"));
        await follower;

        Assert.Equal(["c1", "c2", "c3"], seen);
    }

    [Fact]
    public async Task A_named_cursor_is_kept_and_moves()
    {
        await using var journal = await OpenAsync();
        Assert.Equal(0, await journal.GetCursorAsync("broker"));

        await journal.SetCursorAsync("broker", 42);
        await journal.SetCursorAsync("broker", 57);
        await journal.SetCursorAsync("crm", 3);

        Assert.Equal(57, await journal.GetCursorAsync("broker"));
        Assert.Equal(3, await journal.GetCursorAsync("crm"));
    }

    [Fact]
    public async Task Events_of_some_kinds_since_a_moment_can_be_read_alone()
    {
        await using var journal = await OpenAsync();
        var t0 = DateTimeOffset.Parse("2026-11-26T10:00:00Z");
        await journal.AppendBatchAsync(
        [
            TestEvents.Started("c1", at: t0),
            TestEvents.Make("c1", new WriteBackRequested("r1", "crm", "CreateTicket", new Dictionary<string, string>(), Core.WriteBack.WriteBackMode.Assist, null), at: t0.AddSeconds(1)),
            TestEvents.Make("c1", new WriteBackCompleted("r1", "crm", "CreateTicket", "ticket 7", 1), at: t0.AddSeconds(2)),
            TestEvents.Make("c0", new WriteBackRequested("r0", "crm", "CreateTicket", new Dictionary<string, string>(), Core.WriteBack.WriteBackMode.Assist, null), at: t0.AddDays(-30)),
        ]);

        var found = await journal.ReadKindsAsync([EventKinds.WriteBackRequested, EventKinds.WriteBackCompleted], t0.AddDays(-1)).ToListAsync();

        Assert.Equal([EventKinds.WriteBackRequested, EventKinds.WriteBackCompleted], found.Select(e => e.Envelope.Kind));
    }
}
