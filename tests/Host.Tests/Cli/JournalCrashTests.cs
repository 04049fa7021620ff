using System.Diagnostics;
using Middleware.Core.Events;
using Middleware.Core.Journal;
using Middleware.TestSupport;

namespace Middleware.Host.Tests.Cli;

/// <summary>
/// Kills a process with SIGKILL while it appends to the journal, then proves that every event
/// whose append it had seen acknowledged is there, whole, and nothing is half-written.
/// </summary>
public sealed class JournalCrashTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Theory]
    [InlineData(500)]
    [InlineData(20_000)]
    public async Task A_kill_9_mid_append_loses_no_acknowledged_event(int killAfterAcks)
    {
        var db = _dir.File($"crash-{killAfterAcks}.db");
        var info = MiddlewareProcess.StartInfo(["bench", "journal", "--db", db, "--events", "5000000", "--writers", "4", "--batch", "16", "--print-acks"]);
        using var child = Process.Start(info)!;
        var acked = new List<string>();
        while (acked.Count < killAfterAcks && await child.StandardOutput.ReadLineAsync() is { } line)
        {
            acked.Add(line);
        }

        child.Kill(entireProcessTree: true); // SIGKILL: no finalizers, no checkpoint, no WAL cleanup
        await child.WaitForExitAsync();
        Assert.Equal(killAfterAcks, acked.Count);

        await using var journal = await SqliteJournal.OpenAsync(new JournalOptions { Path = db });
        var stored = new HashSet<string>();
        long position = 0;
        while (true)
        {
            var page = await journal.ReadAfterAsync(position, 50_000);
            if (page.Count == 0)
            {
                break;
            }

            position = page[^1].Position;
            foreach (var entry in page)
            {
                Assert.IsType<DtmfReceived>(entry.Envelope.Payload); // every row decodes whole
                stored.Add(entry.Envelope.Id.ToString());
            }
        }

        Assert.All(acked, id => Assert.Contains(id, stored));
        Assert.NotNull(journal.Recovery);
        Assert.Equal("ok", journal.Recovery!.IntegrityCheck);
    }

    public void Dispose() => _dir.Dispose();
}
