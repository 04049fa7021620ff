namespace Middleware.Core.Journal;

/// <summary>What opening a journal after an unclean shutdown found and repaired.</summary>
public sealed record JournalRecoveryReport(string Path, WalInspection Wal, string IntegrityCheck, long HeadPosition)
{
    public bool LostUncommittedTail => Wal.DiscardedBytes > 0;

    public override string ToString() =>
        $"journal {Path} was not closed cleanly: recovered {Wal.CommittedFrames} committed WAL frame(s), head position {HeadPosition}; " +
        (LostUncommittedTail
            ? $"cut {Wal.DiscardedBytes} byte(s) of uncommitted tail ({Wal.DiscardedFrames} whole frame(s){(Wal.Problem is null ? "" : ", " + Wal.Problem)}), which no append had been acknowledged for; "
            : "nothing was cut; ") +
        $"integrity check: {IntegrityCheck}";
}
