namespace Middleware.Core.Journal;

/// <summary>Live state of the journal writer; health checks and metrics read it.</summary>
public sealed class JournalHealth
{
    private long _appended;
    private long _duplicates;
    private long _failed;
    private long _commits;
    private volatile JournalFault? _lastFault;
    private volatile bool _faulted;

    public bool IsHealthy => !_faulted;

    public JournalFault? LastFault => _lastFault;

    public long Appended => Interlocked.Read(ref _appended);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long Failed => Interlocked.Read(ref _failed);

    public long Commits => Interlocked.Read(ref _commits);

    internal void RecordCommit(int inserted, int duplicates)
    {
        Interlocked.Add(ref _appended, inserted);
        Interlocked.Add(ref _duplicates, duplicates);
        Interlocked.Increment(ref _commits);
        _faulted = false;
    }

    internal void RecordFault(JournalFault fault)
    {
        Interlocked.Add(ref _failed, fault.EventsRejected);
        _lastFault = fault;
        _faulted = true;
    }
}
