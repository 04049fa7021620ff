namespace Middleware.Core.CallState;

/// <summary>One ACD queue: who waits since when, who serves it, and today's outcomes.</summary>
internal sealed class LiveQueue(string name)
{
    private readonly Dictionary<string, DateTimeOffset> _waiting = [];
    private readonly HashSet<string> _members = [];

    public string Name { get; } = name;

    public string? Strategy { get; set; }

    public int Completed { get; set; }

    public int Abandoned { get; set; }

    public int AnsweredWithinServiceLevel { get; set; }

    public TimeSpan ServiceLevel { get; set; } = TimeSpan.FromSeconds(20);

    public void Join(string callId, DateTimeOffset at) => _waiting.TryAdd(callId, at);

    public bool Leave(string callId) => _waiting.Remove(callId);

    public bool IsWaiting(string callId) => _waiting.ContainsKey(callId);

    public void AddMember(string agent) => _members.Add(agent);

    public void RemoveMember(string agent) => _members.Remove(agent);

    public bool HasMember(string agent) => _members.Contains(agent);

    public IReadOnlyCollection<string> Members => _members;

    public QueueSnapshot Snapshot(DateTimeOffset now, Func<string, bool> isIdle)
    {
        var longest = _waiting.Count == 0 ? 0 : (now - _waiting.Values.Min()).TotalSeconds;
        var answered = Completed;
        double? sl = answered + Abandoned == 0 ? null : 100.0 * AnsweredWithinServiceLevel / (answered + Abandoned);
        return new QueueSnapshot(Name, _waiting.Count, Math.Max(0, longest), Completed, Abandoned, sl,
            _members.Order(StringComparer.Ordinal).ToArray(), _members.Count(isIdle), Strategy);
    }
}
