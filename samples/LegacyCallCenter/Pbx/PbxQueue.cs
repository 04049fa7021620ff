namespace Middleware.Samples.Pbx;

/// <summary>An app_queue queue: its members and the callers waiting, as QueueStatus reports them.</summary>
public sealed class PbxQueue(string name, string strategy = "rrmemory")
{
    public string Name { get; } = name;

    public string Strategy { get; } = strategy;

    public List<PbxQueueMember> Members { get; } = [];

    /// <summary>Waiting callers in order (higher priority first, then by arrival); position is index + 1.</summary>
    public List<PbxQueueEntry> Entries { get; } = [];

    public int Completed { get; set; }

    public int Abandoned { get; set; }

    public int ServiceLevelSeconds { get; set; } = 20;

    public int AnsweredWithinServiceLevel { get; set; }

    public PbxQueueMember? Member(string iface) => Members.FirstOrDefault(m => m.Interface == iface);
}

/// <summary>A waiting caller; Priority is app_queue's qe->prio (QUEUE_PRIO on entry, QueueChangePriorityCaller after).</summary>
public sealed record PbxQueueEntry(PbxChannel Caller, DateTimeOffset JoinedAt)
{
    public int Priority { get; set; }
}

public sealed class PbxQueueMember(string iface, string name)
{
    public string Interface { get; } = iface;

    public string Name { get; } = name;

    public int Penalty { get; set; }

    public bool Paused { get; set; }

    public string PausedReason { get; set; } = "";

    public int CallsTaken { get; set; }

    public long LastCall { get; set; }

    /// <summary>AST_DEVICE_*: 1 not in use, 2 in use, 6 ringing.</summary>
    public int Status { get; set; } = 1;

    public bool InCall { get; set; }
}
