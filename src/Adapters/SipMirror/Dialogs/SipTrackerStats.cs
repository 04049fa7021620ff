namespace Middleware.Adapters.SipMirror.Dialogs;

/// <summary>Counters of the dialog tracker; read while it runs.</summary>
public sealed class SipTrackerStats
{
    private long _messages;
    private long _duplicates;
    private long _outOfDialog;
    private long _timeouts;
    private long _forkedAnswers;

    public long Messages => Interlocked.Read(ref _messages);

    /// <summary>Retransmissions, and the same message seen again at another capture point: counted once.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Messages for calls the tracker never saw start (REGISTER, OPTIONS, or a call begun before capture).</summary>
    public long OutOfDialog => Interlocked.Read(ref _outOfDialog);

    public long Timeouts => Interlocked.Read(ref _timeouts);

    public long ForkedAnswers => Interlocked.Read(ref _forkedAnswers);

    public int ActiveCalls { get; internal set; }

    internal void Message() => Interlocked.Increment(ref _messages);

    internal void Duplicate() => Interlocked.Increment(ref _duplicates);

    internal void OutsideDialog() => Interlocked.Increment(ref _outOfDialog);

    internal void Timeout() => Interlocked.Increment(ref _timeouts);

    internal void ForkedAnswer() => Interlocked.Increment(ref _forkedAnswers);
}
