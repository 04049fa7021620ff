namespace Middleware.Enrichment.Routing;

/// <summary>
/// Holds a suggested agent briefly for the caller it was suggested to: two callers queueing a
/// moment apart (on different lanes) must not both be told the same agent. A reservation ends
/// when it expires or the caller leaves the queue.
/// </summary>
public sealed class AgentReservations(TimeSpan holdFor)
{
    private readonly ConcurrentDictionary<string, (string CallId, DateTimeOffset Until)> _held = new(StringComparer.Ordinal);

    /// <summary>Reserves <paramref name="agent"/> for <paramref name="callId"/> unless another call holds it; true when it is now this call's.</summary>
    public bool TryReserve(string agent, string callId, DateTimeOffset now)
    {
        while (true)
        {
            if (_held.TryGetValue(agent, out var held))
            {
                if (held.CallId != callId && held.Until > now)
                {
                    return false;
                }

                if (_held.TryUpdate(agent, (callId, now + holdFor), held))
                {
                    return true;
                }
            }
            else if (_held.TryAdd(agent, (callId, now + holdFor)))
            {
                return true;
            }
        }
    }

    /// <summary>The call holding <paramref name="agent"/> now, other than <paramref name="callId"/>; null when free for it.</summary>
    public string? HeldByOther(string agent, string callId, DateTimeOffset now) =>
        _held.TryGetValue(agent, out var held) && held.CallId != callId && held.Until > now ? held.CallId : null;

    public void Release(string callId)
    {
        foreach (var (agent, held) in _held)
        {
            if (held.CallId == callId)
            {
                _held.TryRemove(new KeyValuePair<string, (string, DateTimeOffset)>(agent, held));
            }
        }
    }
}
