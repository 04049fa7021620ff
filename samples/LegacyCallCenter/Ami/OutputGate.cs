namespace Middleware.Samples.Ami;

/// <summary>Lets the emulator freeze all its output and action handling (a stalled PBX) and thaw it.</summary>
internal sealed class OutputGate
{
    private volatile TaskCompletionSource _open = Opened();

    public Task WaitOpenAsync(CancellationToken cancellationToken) => _open.Task.WaitAsync(cancellationToken);

    public void Close()
    {
        if (_open.Task.IsCompleted)
        {
            _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Open() => _open.TrySetResult();

    private static TaskCompletionSource Opened()
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        tcs.SetResult();
        return tcs;
    }
}
