using System.Threading.Channels;

namespace Middleware.Adapters.SipMirror;

/// <summary>A tick for a mirror source's processing loop, so call timers run even when the wire is quiet.</summary>
internal static class MirrorTicks
{
    /// <summary>Writes <c>default</c> (the tick) into the queue every second until cancelled.</summary>
    public static async Task RunAsync<T>(ChannelWriter<T> queue, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await queue.WriteAsync(default!, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
