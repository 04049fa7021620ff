using System.Globalization;
using Middleware.Samples.Ami;

namespace Middleware.Samples.Pbx;

// The list answers of CoreShowChannels, QueueStatus and QueueSummary, built from the truth.
public sealed partial class PbxModel
{
    public IReadOnlyList<AmiWire> CoreShowChannels(string? actionId)
    {
        lock (Sync)
        {
            var now = Clock.GetUtcNow();
            return _channels.Values.OrderBy(c => c.CreatedAt).Select(c => AmiWire.Event("CoreShowChannel", "call,all").Add("ActionID", actionId)
                .AddAll(c.Block()).Add("BridgeId", c.BridgeId ?? "").Add("Application", c.Application).Add("ApplicationData", c.AppData)
                .Add("Duration", (now - c.CreatedAt).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture)).Add("BridgedChannel", "").Add("BridgedUniqueID", ""))
                .ToList();
        }
    }

    public IReadOnlyList<AmiWire> QueueStatus(string? actionId, string? queueName)
    {
        lock (Sync)
        {
            var now = Clock.GetUtcNow();
            var list = new List<AmiWire>();
            foreach (var q in _queues.Values.Where(q => queueName is null || q.Name == queueName).OrderBy(q => q.Name))
            {
                var perf = q.Completed + q.Abandoned == 0 ? 0 : 100.0 * q.AnsweredWithinServiceLevel / (q.Completed + q.Abandoned);
                list.Add(AmiWire.Event("QueueParams", "agent,all").Add("ActionID", actionId).Add("Queue", q.Name).Add("Max", "0").Add("Strategy", q.Strategy)
                    .Add("Calls", S(q.Entries.Count)).Add("Holdtime", "0").Add("TalkTime", "0").Add("Completed", S(q.Completed))
                    .Add("Abandoned", S(q.Abandoned)).Add("ServiceLevel", S(q.ServiceLevelSeconds))
                    .Add("ServicelevelPerf", perf.ToString("0.0", CultureInfo.InvariantCulture)).Add("ServicelevelPerf2", "0.0").Add("Weight", "0"));
                foreach (var m in q.Members)
                {
                    list.Add(AmiWire.Event("QueueMember", "agent,all").Add("ActionID", actionId).AddAll(MemberFields(q, m).Select(f => f.Key == "MemberName" ? new("Name", f.Value) : f.Key == "Interface" ? new KeyValuePair<string, string>("Location", f.Value) : f)));
                }

                for (var i = 0; i < q.Entries.Count; i++)
                {
                    var (caller, joined) = q.Entries[i];
                    var priority = q.Entries[i].Priority;
                    list.Add(AmiWire.Event("QueueEntry", "agent,all").Add("ActionID", actionId).Add("Queue", q.Name).Add("Position", S(i + 1))
                        .Add("Channel", caller.Name).Add("Uniqueid", caller.Uniqueid).Add("CallerIDNum", caller.CallerIdNum).Add("CallerIDName", caller.CallerIdName)
                        .Add("ConnectedLineNum", caller.ConnectedNum).Add("ConnectedLineName", caller.ConnectedName)
                        .Add("Wait", S((long)(now - joined).TotalSeconds)).Add("Priority", S(priority)));
                }
            }

            return list;
        }
    }

    public IReadOnlyList<AmiWire> QueueSummary(string? actionId, string? queueName)
    {
        lock (Sync)
        {
            var now = Clock.GetUtcNow();
            return _queues.Values.Where(q => queueName is null || q.Name == queueName).OrderBy(q => q.Name).Select(q => AmiWire.Event("QueueSummary", "agent,all")
                .Add("ActionID", actionId).Add("Queue", q.Name).Add("LoggedIn", S(q.Members.Count))
                .Add("Available", S(q.Members.Count(m => !m.Paused && !m.InCall && m.Status == 1))).Add("Callers", S(q.Entries.Count))
                .Add("HoldTime", "0").Add("TalkTime", "0")
                .Add("LongestHoldTime", S(q.Entries.Count == 0 ? 0 : (long)(now - q.Entries.Min(e => e.JoinedAt)).TotalSeconds)))
                .ToList();
        }
    }
}
