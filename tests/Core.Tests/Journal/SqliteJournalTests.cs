using Middleware.Core.Events;
using Middleware.Core.Journal;
using Middleware.TestSupport;

namespace Middleware.Core.Tests.Journal;

public sealed class SqliteJournalTests : JournalContract, IDisposable
{
    private readonly TempDirectory _dir = new();

    private JournalOptions Options(string name = "journal.db") => new() { Path = _dir.File(name) };

    protected override async Task<IEventJournal> OpenAsync() => await SqliteJournal.OpenAsync(Options("contract-" + Guid.NewGuid().ToString("N")[..8] + ".db"));

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
