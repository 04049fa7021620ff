using System.Globalization;
using Middleware.Samples.Ami;

namespace Middleware.Samples.Pbx;

// app_queue: callers joining and leaving, members rung, connected, paused, added and removed.
public sealed partial class PbxModel
{
    private static string S(long v) => v.ToString(CultureInfo.InvariantCulture);

    public void AddMember(string queueName, string iface, string name, int penalty = 0)
    {
        lock (Sync)
        {
            var queue = Queue(queueName);
            if (queue.Member(iface) is not null)
            {
                return;
            }

            var member = new PbxQueueMember(iface, name) { Penalty = penalty };
            queue.Members.Add(member);
            Emit(MemberEvent("QueueMemberAdded", queue, member));
        }
    }

    public bool RemoveMember(string queueName, string iface)
    {
        lock (Sync)
        {
            var queue = Queue(queueName);
            if (queue.Member(iface) is not { } member)
            {
                return false;
            }

            queue.Members.Remove(member);
            Emit(MemberEvent("QueueMemberRemoved", queue, member));
            return true;
        }
    }

    public bool PauseMember(string? queueName, string iface, bool paused, string reason)
    {
        lock (Sync)
        {
            var found = false;
            foreach (var queue in _queues.Values.Where(q => queueName is null || q.Name == queueName))
            {
                if (queue.Member(iface) is { } member)
                {
                    member.Paused = paused;
                    member.PausedReason = paused ? reason : "";
                    Emit(MemberEvent("QueueMemberPause", queue, member));
                    found = true;
                }
            }

            return found;
        }
    }

    public bool SetPenalty(string? queueName, string iface, int penalty)
    {
        lock (Sync)
        {
            var found = false;
            foreach (var queue in _queues.Values.Where(q => queueName is null || q.Name == queueName))
            {
                if (queue.Member(iface) is { } member)
                {
                    member.Penalty = penalty;
                    Emit(MemberEvent("QueueMemberPenalty", queue, member));
                    found = true;
                }
            }

            return found;
        }
    }

    /// <summary>The device behind a member changed state (1 idle, 2 in use, 6 ringing): every queue hears.</summary>
    public void MemberStatus(string iface, int status, bool? inCall = null)
    {
        lock (Sync)
        {
            foreach (var queue in _queues.Values)
            {
                if (queue.Member(iface) is { } member)
                {
                    member.Status = status;
                    member.InCall = inCall ?? member.InCall;
                    Emit(MemberEvent("QueueMemberStatus", queue, member));
                }
            }
        }
    }

    public void QueueJoin(PbxQueue queue, PbxChannel caller)
    {
        lock (Sync)
        {
            // app_queue.c queue_exec reads QUEUE_PRIO once, as the caller enters (qe.prio), and
            // insert_entry places the caller behind every caller of the same or higher priority.
            // Setting QUEUE_PRIO later changes nothing; QueueChangePriorityCaller does.
            var priority = int.TryParse(caller.Variables.GetValueOrDefault("QUEUE_PRIO"), CultureInfo.InvariantCulture, out var p) ? p : 0;
            var entry = new PbxQueueEntry(caller, Clock.GetUtcNow()) { Priority = priority };
            var position = Place(queue, entry);
            Emit(Event("QueueCallerJoin", "agent,all").AddAll(caller.Block()).Add("Queue", queue.Name)
                .Add("Position", S(position)).Add("Count", S(queue.Entries.Count)));
        }
    }

    /// <summary>The caller leaves the waiting line (answered, timed out or gone); returns how long it waited.</summary>
    public int QueueLeave(PbxQueue queue, PbxChannel caller)
    {
        lock (Sync)
        {
            var index = queue.Entries.FindIndex(e => e.Caller == caller);
            if (index < 0)
            {
                return 0;
            }

            var waited = (int)(Clock.GetUtcNow() - queue.Entries[index].JoinedAt).TotalSeconds;
            queue.Entries.RemoveAt(index);
            Emit(Event("QueueCallerLeave", "agent,all").AddAll(caller.Block()).Add("Queue", queue.Name)
                .Add("Count", S(queue.Entries.Count)).Add("Position", S(index + 1)));
            return waited;
        }
    }

    public void QueueAbandon(PbxQueue queue, PbxChannel caller)
    {
        lock (Sync)
        {
            var index = queue.Entries.FindIndex(e => e.Caller == caller);
            var waited = index < 0 ? 0 : (int)(Clock.GetUtcNow() - queue.Entries[index].JoinedAt).TotalSeconds;
            queue.Abandoned++;
            Emit(Event("QueueCallerAbandon", "agent,all").AddAll(caller.Block()).Add("Queue", queue.Name)
                .Add("Position", S(index + 1)).Add("OriginalPosition", S(index + 1)).Add("HoldTime", S(waited)));
        }
    }

    /// <summary>
    /// Action QueueChangePriorityCaller (Asterisk 15+, app_queue.c change_priority_caller_on_queue):
    /// sets a waiting caller's priority; with Immediate: yes the caller moves to its new place now.
    /// </summary>
    public string? ChangeCallerPriority(string queueName, string callerChannel, int priority, bool immediate)
    {
        lock (Sync)
        {
            if (!_queues.TryGetValue(queueName, out var queue))
            {
                return "Unable to change priority caller on queue: No such queue";
            }

            if (queue.Entries.FirstOrDefault(e => e.Caller.Name == callerChannel) is not { } entry)
            {
                return "Unable to change priority caller on queue: No such caller";
            }

            entry.Priority = priority;
            if (immediate)
            {
                queue.Entries.Remove(entry);
                Place(queue, entry);
            }

            return null;
        }
    }

    /// <summary>Inserts behind every caller of the same or higher priority; returns the 1-based position.</summary>
    private static int Place(PbxQueue queue, PbxQueueEntry entry)
    {
        var index = queue.Entries.FindIndex(e => e.Priority < entry.Priority);
        index = index < 0 ? queue.Entries.Count : index;
        queue.Entries.Insert(index, entry);
        return index + 1;
    }

    public void AgentCalled(PbxQueue queue, PbxQueueMember member, PbxChannel caller, PbxChannel leg)
    {
        lock (Sync)
        {
            Emit(Event("AgentCalled", "agent,all").AddAll(caller.Block()).AddAll(leg.Block("Dest")).Add("Queue", queue.Name)
                .Add("Interface", member.Interface).Add("MemberName", member.Name));
        }
    }

    public void AgentRingNoAnswer(PbxQueue queue, PbxQueueMember member, PbxChannel caller, PbxChannel leg, int ringMs)
    {
        lock (Sync)
        {
            Emit(Event("AgentRingNoAnswer", "agent,all").AddAll(caller.Block()).AddAll(leg.Block("Dest")).Add("Queue", queue.Name)
                .Add("Interface", member.Interface).Add("MemberName", member.Name).Add("RingTime", S(ringMs)));
        }
    }

    public void AgentConnect(PbxQueue queue, PbxQueueMember member, PbxChannel caller, PbxChannel leg, int holdSeconds, int ringMs)
    {
        lock (Sync)
        {
            queue.Completed++;
            if (holdSeconds <= queue.ServiceLevelSeconds)
            {
                queue.AnsweredWithinServiceLevel++;
            }

            Emit(Event("AgentConnect", "agent,all").AddAll(caller.Block()).AddAll(leg.Block("Dest")).Add("Queue", queue.Name)
                .Add("Interface", member.Interface).Add("MemberName", member.Name).Add("HoldTime", S(holdSeconds)).Add("RingTime", S(ringMs)));
        }
    }

    public void AgentComplete(PbxQueue queue, PbxQueueMember member, PbxChannel caller, PbxChannel leg, int holdSeconds, int talkSeconds, string reason)
    {
        lock (Sync)
        {
            member.CallsTaken++;
            member.LastCall = Clock.GetUtcNow().ToUnixTimeSeconds();
            Emit(Event("AgentComplete", "agent,all").AddAll(caller.Block()).AddAll(leg.Block("Dest")).Add("Queue", queue.Name)
                .Add("Interface", member.Interface).Add("MemberName", member.Name).Add("HoldTime", S(holdSeconds))
                .Add("TalkTime", S(talkSeconds)).Add("Reason", reason));
        }
    }

    private AmiWire MemberEvent(string name, PbxQueue queue, PbxQueueMember member) =>
        Event(name, "agent,all").AddAll(MemberFields(queue, member));

    private static IEnumerable<KeyValuePair<string, string>> MemberFields(PbxQueue queue, PbxQueueMember member)
    {
        yield return new("Queue", queue.Name);
        yield return new("MemberName", member.Name);
        yield return new("Interface", member.Interface);
        yield return new("StateInterface", member.Interface);
        yield return new("Membership", "dynamic");
        yield return new("Penalty", S(member.Penalty));
        yield return new("CallsTaken", S(member.CallsTaken));
        yield return new("LastCall", S(member.LastCall));
        yield return new("LastPause", "0");
        yield return new("LoginTime", "0");
        yield return new("InCall", member.InCall ? "1" : "0");
        yield return new("Status", S(member.Status));
        yield return new("Paused", member.Paused ? "1" : "0");
        yield return new("PausedReason", member.PausedReason);
        yield return new("Ringinuse", "0");
        yield return new("Wrapuptime", "0");
    }
}
