using Middleware.Core.Journal;

namespace Middleware.Enrichment.Dialer.Pacing;

/// <summary>
/// A campaign's person-answered calls as the journal holds them (its <see cref="DialAttemptEnded"/>
/// records, connected or abandoned), what refills its <see cref="AbandonRateWindow"/> at each start:
/// the cap counts the campaign's last 30 days, not the current run, so a restart or the next day's
/// start does not begin at 0% and dial ahead on a campaign already at its cap. A fold over the
/// journal, like <see cref="Core.CallState.CallsLeftOpen"/>.
/// </summary>
public static class AbandonHistory
{
    private static readonly string[] Kinds = [EventKinds.DialAttemptEnded];

    /// <summary>
    /// Each answered call of <paramref name="campaign"/> since <paramref name="since"/>, at the time the window
    /// counts it: an abandon when it was abandoned, a connected call when it was connected (its end less its talk).
    /// </summary>
    public static async Task<IReadOnlyList<(DateTimeOffset At, bool Abandoned)>> ReadAsync(IEventJournal journal, string campaign, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var answered = new List<(DateTimeOffset At, bool Abandoned)>();
        await foreach (var entry in journal.ReadKindsAsync(Kinds, since, cancellationToken).ConfigureAwait(false))
        {
            if (entry.Envelope.Payload is not DialAttemptEnded ended || !string.Equals(ended.Campaign, campaign, StringComparison.Ordinal))
            {
                continue;
            }

            var at = ended.Outcome switch
            {
                "abandoned" => entry.Envelope.OccurredAt,
                "connected" => entry.Envelope.OccurredAt - TimeSpan.FromSeconds(ended.TalkSeconds ?? 0),
                _ => (DateTimeOffset?)null, // machines, busy, no answer, failed: no person answered
            };
            if (at is { } counted && counted >= since)
            {
                answered.Add((counted, ended.Outcome == "abandoned"));
            }
        }

        return answered;
    }
}
