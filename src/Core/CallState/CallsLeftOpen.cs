namespace Middleware.Core.CallState;

/// <summary>
/// Calls the journal shows as started but never ended: what a crash (or <c>kill -9</c>) of the last
/// run left behind. A source's first resync after start reconciles them against what the PBX says
/// is live, as an in-process reconnect does, so they do not stay open forever. A fold over the
/// journal, like <see cref="WriteBack.UnfinishedWriteBacks"/>.
/// </summary>
public static class CallsLeftOpen
{
    /// <summary>A call open longer than this is stale history, not a call a restart should close.</summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromDays(2);

    private static readonly string[] Kinds = [EventKinds.CallStarted, EventKinds.CallEnded];

    /// <summary>The open calls of <paramref name="source"/> since <paramref name="since"/>, and when that source's last call event was journaled.</summary>
    public static async Task<LeftOpen> FindAsync(IEventJournal journal, string source, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var open = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        DateTimeOffset? last = null;
        await foreach (var entry in journal.ReadKindsAsync(Kinds, since, cancellationToken).ConfigureAwait(false))
        {
            var envelope = entry.Envelope;
            if (envelope.CallId is not { } callId || !string.Equals(envelope.Source, source, StringComparison.Ordinal))
            {
                continue;
            }

            last = last is { } l && l > envelope.OccurredAt ? l : envelope.OccurredAt;
            if (envelope.Payload is CallStarted)
            {
                open[callId] = envelope.OccurredAt;
            }
            else
            {
                open.Remove(callId);
            }
        }

        return new LeftOpen(open.Select(p => new LeftOpenCall(p.Key, p.Value)).OrderBy(c => c.StartedAt).ToList(), last);
    }
}

/// <param name="LastJournaledAt">When the source's last call event was journaled: where the gap the restart leaves begins.</param>
public sealed record LeftOpen(IReadOnlyList<LeftOpenCall> Calls, DateTimeOffset? LastJournaledAt);

public sealed record LeftOpenCall(string CallId, DateTimeOffset StartedAt);
