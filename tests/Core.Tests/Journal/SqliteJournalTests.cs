using Middleware.Core.Events;
using Middleware.Core.Journal;
using Middleware.TestSupport;

namespace Middleware.Core.Tests.Journal;

public sealed class SqliteJournalTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private JournalOptions Options(string name = "journal.db") => new() { Path = _dir.File(name) };

    [Fact]
    public async Task Appended_events_read_back_whole_by_call_range_and_position()
    {
        await using var journal = await SqliteJournal.OpenAsync(Options());
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
        await using var journal = await SqliteJournal.OpenAsync(Options());
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
        await using var journal = await SqliteJournal.OpenAsync(Options());
        var events = Enumerable.Range(0, 2000).Select(i => TestEvents.Started("c" + i)).ToList();

        var results = await Task.WhenAll(events.Select(e => journal.AppendAsync(e).AsTask()));

        Assert.Equal(2000, results.Select(r => r.Position).Distinct().Count());
        Assert.Equal(2000, journal.Health.Appended);
        Assert.True(journal.Health.Commits < 2000, $"expected group commits, got {journal.Health.Commits} commits for 2000 appends");
    }

    [Fact]
    public async Task Follow_yields_history_then_new_events_as_they_commit()
    {
        await using var journal = await SqliteJournal.OpenAsync(Options());
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
    public async Task A_clean_close_reports_no_recovery_and_reopen_keeps_everything()
    {
        var options = Options();
        await using (var journal = await SqliteJournal.OpenAsync(options))
        {
            await journal.AppendBatchAsync(Enumerable.Range(0, 100).Select(i => TestEvents.Started("c" + i)).ToList());
        }

        Assert.False(File.Exists(options.Path + "-wal") && new FileInfo(options.Path + "-wal").Length > 0);
        await using var reopened = await SqliteJournal.OpenAsync(options);
        Assert.Null(reopened.Recovery);
        Assert.Equal(100, await reopened.HeadAsync());
    }

    [Theory]
    [InlineData("torn")]
    [InlineData("garbage")]
    [InlineData("uncommitted")]
    public async Task A_damaged_wal_tail_is_cut_and_reported_and_every_commit_survives(string damage)
    {
        var live = Options("live.db");
        var crashed = Options("crashed.db");
        List<EventEnvelope> committed;
        await using (var journal = await SqliteJournal.OpenAsync(live))
        {
            committed = Enumerable.Range(0, 50).Select(i => TestEvents.Started("c" + i)).ToList();
            await journal.AppendBatchAsync(committed);

            // Snapshot the files as a crash would leave them: WAL not checkpointed, still present.
            File.Copy(live.Path, crashed.Path);
            File.Copy(live.Path + "-wal", crashed.Path + "-wal");
        }

        var wal = crashed.Path + "-wal";
        var walLength = new FileInfo(wal).Length;
        var pageSize = 4096;
        switch (damage)
        {
            case "torn":
                // Half a frame of a transaction that was being written.
                await using (var f = File.Open(wal, FileMode.Append))
                {
                    f.Write(new byte[(24 + pageSize) / 2]);
                }

                break;
            case "garbage":
                await using (var f = File.Open(wal, FileMode.Append))
                {
                    f.Write(Enumerable.Range(0, 10_000).Select(i => (byte)(i * 31)).ToArray());
                }

                break;
            case "uncommitted":
                // A whole frame whose checksum cannot match (copy of the last frame with a commit marker of zero).
                var bytes = File.ReadAllBytes(wal);
                var lastFrame = bytes.AsSpan((int)walLength - (24 + pageSize)).ToArray();
                lastFrame[4] = lastFrame[5] = lastFrame[6] = lastFrame[7] = 0;
                await using (var f = File.Open(wal, FileMode.Append))
                {
                    f.Write(lastFrame);
                }

                break;
        }

        await using var recovered = await SqliteJournal.OpenAsync(crashed);

        Assert.NotNull(recovered.Recovery);
        Assert.True(recovered.Recovery!.LostUncommittedTail);
        Assert.Equal(new FileInfo(wal).Length - walLength, recovered.Recovery.Wal.DiscardedBytes);
        Assert.Equal("ok", recovered.Recovery.IntegrityCheck);
        Assert.Contains("cut", recovered.Recovery.ToString(), StringComparison.Ordinal);
        var back = await recovered.ReadAfterAsync(0, 1000);
        Assert.Equal(committed.Select(e => e.Id), back.Select(e => e.Envelope.Id));
    }

    [Fact]
    public async Task A_full_disk_fails_the_append_loudly_and_the_journal_recovers_when_space_returns()
    {
        var options = Options();
        options.MaxSizeMegabytes = 1;
        await using var journal = await SqliteJournal.OpenAsync(options);
        var faults = new List<JournalFault>();
        journal.Faulted += faults.Add;
        var big = new byte[64 * 1024];
        JournalAppendException? failure = null;
        var accepted = 0;
        for (var i = 0; i < 100 && failure is null; i++)
        {
            try
            {
                await journal.AppendAsync(TestEvents.Started("c" + i) with { Raw = new RawSource("ami", big) });
                accepted++;
            }
            catch (JournalAppendException ex)
            {
                failure = ex;
            }
        }

        Assert.NotNull(failure);
        Assert.Contains("full", failure!.Message, StringComparison.OrdinalIgnoreCase);
        Assert.False(journal.Health.IsHealthy);
        Assert.Single(faults);
        Assert.Equal(1, journal.Health.Failed);

        // Small events still fit; every accepted event is still there.
        await journal.AppendAsync(TestEvents.Started("small"));
        Assert.True(journal.Health.IsHealthy);
        Assert.Equal(accepted + 1, (await journal.ReadAfterAsync(0, 1000)).Count);
    }

    public void Dispose() => _dir.Dispose();
}
