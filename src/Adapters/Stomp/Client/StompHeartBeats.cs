namespace Middleware.Adapters.Stomp.Client;

/// <summary>
/// The heart-beats a STOMP 1.2 session agreed on (spec, "Heart-beating"): CONNECT offers
/// <c>cx,cy</c>, CONNECTED answers <c>sx,sy</c>; zero on either side of a direction turns it off.
/// </summary>
/// <param name="Send">How often we must send something (a bare EOL when idle).</param>
/// <param name="Receive">How often the broker promised to; silence past twice that is a dead peer.</param>
public readonly record struct StompHeartBeats(TimeSpan Send, TimeSpan Receive)
{
    /// <param name="mine">What we offered, the same both ways (cx = cy).</param>
    /// <param name="theirs">CONNECTED's heart-beat header; absent means 0,0.</param>
    public static StompHeartBeats Negotiate(TimeSpan mine, string? theirs)
    {
        var parts = (theirs ?? "0,0").Split(',');
        var sx = long.Parse(parts[0], CultureInfo.InvariantCulture);
        var sy = long.Parse(parts.Length > 1 ? parts[1] : "0", CultureInfo.InvariantCulture);
        var ours = (long)mine.TotalMilliseconds;

        // We send every max(cx, sy) when both are non-zero; we expect theirs every max(sx, cy).
        return new StompHeartBeats(
            ours == 0 || sy == 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Max(ours, sy)),
            ours == 0 || sx == 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Max(sx, ours)));
    }

    /// <summary>The shorter of the two live directions (zero when both are off): the check loop runs at half of it.</summary>
    public TimeSpan Shortest => new[] { Send, Receive }.Where(t => t > TimeSpan.Zero).DefaultIfEmpty(TimeSpan.Zero).Min();
}
