using Middleware.Core.Events;

namespace Middleware.Adapters.Ami.Normalization;

// Queue (app_queue) events: callers joining and leaving, agents rung and connected, members.
public sealed partial class AmiNormalizer
{
    private readonly HashSet<(string Queue, string Agent)> _members = [];

    /// <summary>When each membership was last reported live; a resync snapshot older than that does not override it.</summary>
    private readonly Dictionary<(string Queue, string Agent), DateTimeOffset> _memberHeardAt = [];

    private void OnQueueCallerJoin()
    {
        if (CallByLinkedid() is not { } call)
        {
            return;
        }

        call.Queue = _message["Queue"];
        call.QueuedAt = _at;
        call.Dequeued = false;
        Emit(call.CallId, new CallQueued(call.Queue ?? "", Int("Position") ?? 0, Int("Count") ?? 0));
    }

    private void OnQueueCallerAbandon()
    {
        if (CallByLinkedid() is not { } call || call.Dequeued)
        {
            return;
        }

        call.Dequeued = true;
        var wait = Int("HoldTime") is { } hold ? hold : WaitSeconds(call);
        Emit(call.CallId, new CallDequeued(_message["Queue"] ?? call.Queue ?? "", DequeueReason.Abandoned, wait, Int("Position")));
    }

    private void OnQueueCallerLeave()
    {
        if (CallByLinkedid() is not { } call || call.Dequeued)
        {
            return;
        }

        call.Dequeued = true;
        var reason = call.AnsweredInQueue ? DequeueReason.Answered : DequeueReason.Left;
        Emit(call.CallId, new CallDequeued(_message["Queue"] ?? call.Queue ?? "", reason, WaitSeconds(call), Int("Position")));
    }

    private double WaitSeconds(AmiCall call) => call.QueuedAt is { } q ? Math.Round(Math.Max(0, (_at - q).TotalSeconds), 3) : 0;

    private void OnAgentCalled()
    {
        if (CallByLinkedid() is not { } call)
        {
            return;
        }

        var agent = Agent();
        if (_message["DestUniqueid"] is { } destUid)
        {
            call.AgentLegs.Add(destUid);
            if (_channels.TryGetValue(destUid, out var leg))
            {
                leg.AgentInterface = agent;
                leg.Ringing = true; // AgentRinging says it; no separate CallRinging for the same leg
            }
        }

        Emit(call.CallId, new AgentRinging(agent, Blank(_message["MemberName"] ?? _message["AgentName"]), _message["Queue"]));
    }

    private void OnAgentConnect()
    {
        if (CallByLinkedid() is not { } call)
        {
            return;
        }

        var queue = _message["Queue"] ?? call.Queue;
        if (!call.Dequeued)
        {
            call.Dequeued = true;
            Emit(call.CallId, new CallDequeued(queue ?? "", DequeueReason.Answered, Int("HoldTime") ?? WaitSeconds(call)));
        }

        call.AgentInterface = Agent();
        call.AnsweredInQueue = true;
        if (_message["DestUniqueid"] is { } destUid)
        {
            call.AgentLegs.Add(destUid);
        }

        Answer(call, Blank(_message["DestCallerIDNum"]) ?? call.AgentInterface, _message["DestChannel"]);
        var ring = Int("RingTime");
        Emit(call.CallId, new AgentConnected(call.AgentInterface, Blank(_message["MemberName"]), queue, Int("HoldTime"), ring is null ? null : ring / 1000.0));
    }

    private void OnAgentComplete()
    {
        var call = CallByLinkedid();
        var reason = _message["Reason"]?.ToLowerInvariant();
        if (call is not null)
        {
            call.CompletionReason ??= reason;
        }

        Emit(call?.CallId, new AgentStateChanged(Agent(), Blank(_message["MemberName"]), AgentState.Idle, _message["Queue"], "completed", Reason: reason));
    }

    private void OnAgentEnded(string change, string reason)
    {
        Emit(CallByLinkedid()?.CallId, new AgentStateChanged(Agent(), Blank(_message["MemberName"]), AgentState.Idle, _message["Queue"], change, Reason: reason));
    }

    private void OnQueueMember(string change, bool synthesized = false)
    {
        var agent = Agent();
        var queue = _message["Queue"];
        if (queue is not null)
        {
            if (!synthesized)
            {
                _memberHeardAt[(queue, agent)] = _heardAt;
            }

            if (change == "removed")
            {
                _members.Remove((queue, agent));
            }
            else
            {
                _members.Add((queue, agent));
            }
        }

        var paused = Flag("Paused");
        var state = change == "removed" ? AgentState.LoggedOut : paused == true ? AgentState.Paused : DeviceState(Int("Status"));
        Emit(null, new AgentStateChanged(agent, Blank(_message["MemberName"] ?? _message["Name"]), state, queue, change, paused,
            Blank(_message["PausedReason"] ?? _message["Reason"]), Int("Penalty"), Int("CallsTaken")), synthesized);
    }

    private void OnQueueParams(bool synthesized = false) =>
        Emit(null, new QueueStateChanged(_message["Queue"] ?? "", "params", Waiting: Int("Calls"), Completed: Int("Completed"),
            Abandoned: Int("Abandoned"), ServiceLevelPercent: Double("ServicelevelPerf"), Strategy: _message["Strategy"]), synthesized);

    private void OnQueueSummary(bool synthesized = false) =>
        Emit(null, new QueueStateChanged(_message["Queue"] ?? "", "summary", Waiting: Int("Callers"), LoggedIn: Int("LoggedIn"),
            Available: Int("Available"), LongestHoldSeconds: Int("LongestHoldTime")), synthesized);

    /// <summary>The member's stable key: its interface (PJSIP/1001, Local/1001@agents), as Asterisk names it.</summary>
    private string Agent() =>
        _message["Interface"] ?? _message["Location"] ?? _message["AgentCalled"] ?? _message["Member"] ?? _message["MemberName"] ?? "unknown";

    /// <summary>Asterisk device states (AST_DEVICE_*) as agent states.</summary>
    private static AgentState DeviceState(int? status) => status switch
    {
        1 => AgentState.Idle,
        2 or 3 or 7 => AgentState.Busy,
        4 or 5 => AgentState.Unavailable,
        6 => AgentState.Ringing,
        8 => AgentState.OnHold,
        _ => AgentState.Unknown,
    };
}
