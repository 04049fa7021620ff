using System.Runtime.InteropServices;

namespace Middleware.Host.Hosting;

/// <summary>
/// The one owner of SIGINT, SIGTERM and SIGQUIT for the verbs that run until stopped (run,
/// demo --serve, the tails). The first signal is taken (the default "terminate now" is cancelled)
/// and turned into <see cref="Token"/>, so the verb drains and exits 0 as systemd and
/// <c>docker stop</c> expect; a second signal is let through and ends the process at once, the
/// way a second Ctrl+C does elsewhere. Nothing else may take these signals: ASP.NET Core's console
/// lifetime is replaced in <c>ApiServer</c>, and System.CommandLine's handler is turned off in
/// Program.cs, because either one stopping the process on its own clock is what lost the drain
/// (issue 16, item 1).
/// </summary>
public sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly PosixSignalRegistration[] _registrations;
    private int _received;

    private StopSignal(CancellationToken also)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(also);
        _registrations = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT }.Select(s => PosixSignalRegistration.Create(s, OnSignal))];
    }

    /// <summary>Cancelled at the first stop signal (or when <c>also</c> is).</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>The signal that asked for the stop, if one did.</summary>
    public PosixSignal? Received { get; private set; }

    public static StopSignal Listen(CancellationToken also = default) => new(also);

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _received) > 1)
        {
            return; // the second signal: default handling, the process ends now
        }

        context.Cancel = true;
        Received = context.Signal;
        _stop.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _stop.Dispose();
    }
}
