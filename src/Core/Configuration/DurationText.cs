namespace Middleware.Core.Configuration;

/// <summary>Durations as people write them in configs and on command lines: 500ms, 20s, 2m, 1h, 7d or 00:00:20.</summary>
public static class DurationText
{
    public static bool TryParse(string text, out TimeSpan value) => ScalarParser.TryParseDuration(text, out value);
}
