namespace Middleware.Enrichment.Analytics.Simulation;

/// <summary>One call offered to the simulated call center (a first contact or a callback).</summary>
public sealed class SimulatedCaller
{
    public required int Id { get; init; }

    public required int Line { get; init; }

    public required int Queue { get; init; }

    public required string Language { get; init; }

    public required bool Vip { get; init; }

    /// <summary>Calling back about something a previous call did not resolve.</summary>
    public required bool Repeat { get; init; }

    public required double ArrivedAt { get; init; }

    /// <summary>app_queue's QUEUE_PRIO as the legacy dialplan sets it (0 unless a policy raises it).</summary>
    public int Priority { get; set; }

    public bool Waiting { get; set; } = true;
}

public enum SimulatedAgentState { OffShift, Idle, Talking, WrapUp }

/// <summary>One staffed position: skills per product line, languages, queue memberships with their order.</summary>
public sealed class SimulatedAgent
{
    public required int Id { get; init; }

    public required string Name { get; init; }

    public required int[] SkillByLine { get; init; }

    public required IReadOnlySet<string> Languages { get; init; }

    /// <summary>Member position per queue index (-1 = not a member): the order app_queue's linear and rrmemory walk.</summary>
    public required int[] PositionInQueue { get; init; }

    public required int Penalty { get; init; }

    public required double WrapUpSeconds { get; init; }

    public required double ShiftStart { get; init; }

    public required double ShiftEnd { get; init; }

    public SimulatedAgentState State { get; set; }

    /// <summary>When the agent last became free (or started the shift).</summary>
    public double IdleSince { get; set; }

    /// <summary>When the agent's last call ended; NaN before the first (app_queue's lastcall = 0).</summary>
    public double LastCallEndedAt { get; set; } = double.NaN;

    /// <summary>Calls taken today (app_queue's member calls).</summary>
    public int CallsTaken { get; set; }

    /// <summary>Talk and wrap-up time today.</summary>
    public double BusySeconds { get; set; }

    public bool IsMemberOf(int queue) => PositionInQueue[queue] >= 0;
}
