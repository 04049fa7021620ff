using static Middleware.Adapters.Ami.Normalization.AmiFieldValues;

namespace Middleware.Adapters.Ami.Normalization;

/// <summary>
/// app_queue's view of agents (queue members): rung for a caller (AgentCalled), connected
/// (AgentConnect), done (AgentComplete), missed (AgentRingNoAnswer, AgentDump), and membership,
/// pause, penalty and device state (QueueMember* events). Keeps who is a member of which queue, so
/// a resync can log out those the PBX no longer reports.
/// </summary>
internal sealed class AmiAgentMapper(AmiCallBook book)
{
    private readonly HashSet<(string Queue, string Agent)> _members = [];

    /// <summary>When each membership was last reported live; a resync snapshot older than that does not override it.</summary>
    private readonly Dictionary<(string Queue, string Agent), DateTimeOffset> _memberHeardAt = [];

    public IEnumerable<(string Queue, string Agent)> Members => _members;

    public bool HeardSince(string queue, string agent, DateTimeOffset since) => _memberHeardAt.TryGetValue((queue, agent), out var at) && at >= since;

    public void ForgetMember(string queue, string agent) => _members.Remove((queue, agent));

    public void OnAgentCalled(in AmiMessageContext e)
    {
        if (book.CallByLinkedid(e) is not { } call)
        {
            return;
        }

        var message = e.Live;
        var agent = message.AgentInterface();
        if (message["DestUniqueid"] is { } destUid)
        {
            call.AgentLegs.Add(destUid);
            if (book.Channels.TryGetValue(destUid, out var leg))
            {
                leg.AgentInterface = agent;
                leg.Ringing = true; // AgentRinging says it; no separate CallRinging for the same leg
            }
        }

        e.Emit(call.CallId, new AgentRinging(agent, Blank(message["MemberName"] ?? message["AgentName"]), message["Queue"]));
    }

    /// <summary>The agent took the call: the caller leaves the queue answered, and the call is answered by the agent.</summary>
    public void OnAgentConnect(in AmiMessageContext e)
    {
        if (book.CallByLinkedid(e) is not { } call)
        {
            return;
        }

        var message = e.Live;
        var queue = message["Queue"] ?? call.Queue;
        if (!call.Dequeued)
        {
            call.Dequeued = true;
            e.Emit(call.CallId, new CallDequeued(queue ?? "", DequeueReason.Answered, message.Int("HoldTime") ?? call.WaitSeconds(e.At)));
        }

        call.AgentInterface = message.AgentInterface();
        call.AnsweredInQueue = true;
        if (message["DestUniqueid"] is { } destUid)
        {
            call.AgentLegs.Add(destUid);
        }

        var leg = message["DestUniqueid"] is { } legUid ? book.Channels.GetValueOrDefault(legUid) : null;
        book.Answer(e, call, AmiCallBook.PartyOf(call, leg, Blank(message["DestCallerIDNum"])) ?? call.AgentInterface, message["DestChannel"]);
        var ring = message.Int("RingTime");
        e.Emit(call.CallId, new AgentConnected(call.AgentInterface, Blank(message["MemberName"]), queue, message.Int("HoldTime"), ring is null ? null : ring / 1000.0));
    }

    /// <summary>AgentComplete's Reason (caller or agent) is who ended the call, kept for its CallEnded.</summary>
    public void OnAgentComplete(in AmiMessageContext e)
    {
        var message = e.Live;
        var call = book.CallByLinkedid(e);
        var reason = message["Reason"]?.ToLowerInvariant();
        if (call is not null)
        {
            call.CompletionReason ??= reason;
        }

        e.Emit(call?.CallId, new AgentStateChanged(message.AgentInterface(), Blank(message["MemberName"]), AgentState.Idle, message["Queue"], "completed", Reason: reason));
    }

    /// <summary>AgentRingNoAnswer and AgentDump: the agent is idle again without having taken the call.</summary>
    public void OnAgentEnded(in AmiMessageContext e, string change, string reason)
    {
        var message = e.Live;
        e.Emit(book.CallByLinkedid(e)?.CallId, new AgentStateChanged(message.AgentInterface(), Blank(message["MemberName"]), AgentState.Idle, message["Queue"], change, Reason: reason));
    }

    public void OnAgentRingNoAnswer(in AmiMessageContext e) => OnAgentEnded(e, "ring-no-answer", $"no answer after {e.Live["RingTime"]} ms");

    /// <summary>QueueMember* events (and QueueStatus's QueueMember rows in a resync): membership and the member's state.</summary>
    public void OnQueueMember(in AmiMessageContext e, string change, bool synthesized = false)
    {
        var message = e.Live;
        var agent = message.AgentInterface();
        var queue = message["Queue"];
        if (queue is not null)
        {
            if (!synthesized)
            {
                _memberHeardAt[(queue, agent)] = e.HeardAt;
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

        var paused = message.Flag("Paused");
        var state = change == "removed" ? AgentState.LoggedOut : paused == true ? AgentState.Paused : DeviceState(message.Int("Status"));
        e.Emit(null, new AgentStateChanged(agent, Blank(message["MemberName"] ?? message["Name"]), state, queue, change, paused,
            Blank(message["PausedReason"] ?? message["Reason"]), message.Int("Penalty"), message.Int("CallsTaken")), synthesized);
    }

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
