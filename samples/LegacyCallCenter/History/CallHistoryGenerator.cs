using Middleware.Core.Events;
using Middleware.Core.Journal;

namespace Middleware.Samples.History;

/// <summary>
/// Weeks of plausible past traffic for the sample call center, written straight into a journal so
/// reports, forecasts and the dashboard's charts have history to work on. Arrivals follow a daily
/// curve (peaks late morning and mid afternoon, quiet at lunch) and a weekly one (Monday busiest,
/// Sunday quietest); waits grow with load and long waits are abandoned. Seeded: same input, same history.
/// </summary>
public sealed class CallHistoryGenerator(int seed = 20261126)
{
    /// <summary>Relative arrival rate per hour of day.</summary>
    public static readonly double[] HourCurve =
        [0, 0, 0, 0, 0, 0, 0, 0.05, 0.4, 0.8, 1.0, 1.0, 0.6, 0.55, 0.8, 0.95, 0.8, 0.65, 0.5, 0.4, 0.3, 0.15, 0, 0];

    /// <summary>Relative volume per weekday, Sunday first.</summary>
    public static readonly double[] WeekdayFactor = [0.4, 1.25, 1.05, 1.0, 1.0, 1.05, 0.55];

    private static readonly (string Category, string Queue, double Share)[] Reasons =
    [
        ("order_status", "sales", 0.26), ("billing", "support", 0.22), ("refund", "support", 0.16),
        ("technical_issue", "support", 0.14), ("new_purchase", "sales", 0.12), ("complaint", "support", 0.06), ("other", "support", 0.04),
    ];

    private static readonly string[] Agents = ["PJSIP/1001", "PJSIP/1002", "PJSIP/1003", "PJSIP/2001", "PJSIP/2002"];

    private readonly Random _random = new(seed);

    /// <summary>Appends the history of [start, start + days) and returns how many calls it made.</summary>
    public async Task<int> WriteAsync(IEventJournal journal, DateTimeOffset start, int days, double peakCallsPerHour = 40, CancellationToken cancellationToken = default)
    {
        var factory = new EventFactory(TimeProvider.System);
        var recentCallers = new List<string>();
        var calls = 0;
        for (var day = 0; day < days; day++)
        {
            var batch = new List<EventEnvelope>();
            var date = start.Date.AddDays(day);
            var dayStart = new DateTimeOffset(date, start.Offset);
            for (var hour = 0; hour < 24; hour++)
            {
                var rate = peakCallsPerHour * HourCurve[hour] * WeekdayFactor[(int)date.DayOfWeek];
                var arrivals = Poisson(rate);
                for (var i = 0; i < arrivals; i++)
                {
                    var at = dayStart.AddHours(hour).AddSeconds(_random.NextDouble() * 3600);
                    batch.AddRange(Call(factory, $"pbx-history:{date:yyyyMMdd}.{calls}", at, rate / peakCallsPerHour, recentCallers));
                    calls++;
                }
            }

            await journal.AppendBatchAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        return calls;
    }

    private IEnumerable<EventEnvelope> Call(EventFactory factory, string callId, DateTimeOffset at, double load, List<string> recent)
    {
        var number = recent.Count > 20 && _random.NextDouble() < 0.08 ? recent[_random.Next(recent.Count)] : $"13{_random.Next(100_000_000, 999_999_999)}";
        recent.Add(number);
        if (recent.Count > 500)
        {
            recent.RemoveAt(0);
        }

        var pick = _random.NextDouble();
        var reason = Reasons[^1];
        foreach (var r in Reasons)
        {
            if ((pick -= r.Share) < 0)
            {
                reason = r;
                break;
            }
        }

        var wait = -Math.Log(1 - _random.NextDouble()) * (5 + (40 * load * load));
        var abandoned = wait > 30 && _random.NextDouble() < Math.Min(0.8, (wait - 30) / 90);
        var talk = abandoned ? 0 : Math.Exp(5.1 + (0.45 * Normal()));
        var agent = Agents[_random.Next(reason.Queue == "sales" ? 3 : 0, reason.Queue == "sales" ? 5 : 3)];
        EventEnvelope E(double offsetSeconds, CallCenterEvent payload) => factory.Create("pbx-history", callId, payload, at.AddSeconds(offsetSeconds));

        yield return E(0, new CallStarted(number, null, "4008001234", CallDirection.Inbound, "PJSIP/trunk"));
        yield return E(2, new CallQueued(reason.Queue, 1, 1));
        yield return E(3, new IntentDetected(reason.Category, 0.8, reason.Category, null));
        if (abandoned)
        {
            yield return E(2 + wait, new CallDequeued(reason.Queue, DequeueReason.Abandoned, Math.Round(wait, 1)));
            yield return E(2 + wait, new CallEnded("normal-clearing", 16, Math.Round(2 + wait, 1), null, HangupParty.Caller));
            yield break;
        }

        yield return E(2 + wait, new CallDequeued(reason.Queue, DequeueReason.Answered, Math.Round(wait, 1)));
        yield return E(2 + wait, new AgentConnected(agent, null, reason.Queue, (int)wait, 4));
        yield return E(2 + wait + talk, new CallEnded("normal-clearing", 16, Math.Round(2 + wait + talk, 1), Math.Round(talk, 1), HangupParty.Caller));
    }

    private int Poisson(double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        // Knuth for small means, a rounded normal for large ones.
        if (mean > 30)
        {
            return Math.Max(0, (int)Math.Round(mean + (Math.Sqrt(mean) * Normal())));
        }

        var limit = Math.Exp(-mean);
        var k = 0;
        var p = 1.0;
        do
        {
            k++;
            p *= _random.NextDouble();
        }
        while (p > limit);
        return k - 1;
    }

    private double Normal() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
}
