namespace Middleware.Core.WriteBack;

/// <summary>
/// How far the middleware may reach into the legacy systems. Ordered: each mode allows what the
/// previous one does.
/// </summary>
public enum WriteBackMode
{
    /// <summary>Shadow: decide and record, write nothing.</summary>
    Observe = 0,

    /// <summary>Hints, notes, tickets, broker messages; the legacy ACD still routes.</summary>
    Assist = 1,

    /// <summary>May move calls (redirect, originate, hang up) within the allow-list.</summary>
    Act = 2,
}
