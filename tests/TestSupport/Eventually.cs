using System.Diagnostics;

namespace Middleware.TestSupport;

/// <summary>
/// Waits for something asynchronous (a reconnect, a journal write, a broker delivery) to become
/// true. Not a timing assertion: the limit only bounds a hang, and is generous because the suite
/// shares two cores with other work; the failure says what never happened, and how things stood.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    /// <param name="what">What is awaited, for the failure message ("the source to reconnect").</param>
    /// <param name="state">How things stood when giving up, for the failure message.</param>
    public static async Task True(Func<bool> condition, string what, TimeSpan? within = null, Func<string>? state = null)
    {
        var limit = within ?? DefaultLimit;
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"gave up after {limit.TotalSeconds:0.#} s waiting for {what}{(state is null ? "" : ": " + state())}");
            }

            await Task.Delay(Poll).ConfigureAwait(false);
        }
    }
}
