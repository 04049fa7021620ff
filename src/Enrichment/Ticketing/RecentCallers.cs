using System.Collections.Concurrent;
using Middleware.Core.Numbers;

namespace Middleware.Enrichment.Ticketing;

/// <summary>
/// When each number last called, within the repeat window: enough to tell a repeat caller at
/// hangup without reading the journal on the call's lane. Keyed by the last 11 digits (a Chinese
/// mobile number's length; prefixes dropped by <see cref="PhoneNumber.Digits"/>), so "+86 138..." and "138..." are one caller.
/// </summary>
public sealed class RecentCallers(TimeSpan window)
{
    private readonly ConcurrentDictionary<string, List<DateTimeOffset>> _calls = new(StringComparer.Ordinal);

    /// <summary>Records a call and returns how many calls came from the same number in the window before it.</summary>
    public int Record(string? number, DateTimeOffset at)
    {
        var key = Key(number);
        if (key is null)
        {
            return 0;
        }

        var times = _calls.GetOrAdd(key, _ => []);
        lock (times)
        {
            times.RemoveAll(t => t < at - window);
            var earlier = times.Count(t => t <= at);
            times.Add(at);
            return earlier;
        }
    }

    private static string? Key(string? number)
    {
        var digits = PhoneNumber.Digits(number);
        return digits.Length == 0 ? null : digits.Length > 11 ? digits[^11..] : digits;
    }
}
