using System.Globalization;
using Middleware.Core.Events;

namespace Middleware.Adapters.Ami.Normalization;

// Rebuilding state after (re)login from what the PBX reports, with every made-up event flagged.
public sealed partial class AmiNormalizer
{
    /// <summary>
    /// Reconciles the tracked calls, queues and members with a snapshot: calls that ended while we
    /// were not listening are closed with cause <c>unknown-during-outage</c>, calls we missed the
    /// start of are opened, and queue and member state is restated. Calls touched by live events
    /// since the new session's login are newer than the snapshot and left alone.
    /// </summary>
    public void Resync(AmiResyncSnapshot snapshot, DateTimeOffset now, List<NormalizedEvent> output)
    {
        _out = output;
        _heardAt = now;
        _at = now + _clockOffset;
        if (snapshot.PreviousSessionLastHeardAt is { } lastHeard)
        {
            _message = null!;
            Emit(null, new SourceGap(lastHeard, snapshot.SessionStartedAt, "AMI connection lost; state rebuilt by resync"), synthesized: true);
        }

        var liveByCall = snapshot.Channels
            .Where(c => c["Uniqueid"] is not null)
            .GroupBy(c => c["Linkedid"] ?? c["Uniqueid"]!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var liveUids = snapshot.Channels.Select(c => c["Uniqueid"]).OfType<string>().ToHashSet(StringComparer.Ordinal);

        CloseCallsThatEnded(snapshot, liveByCall, liveUids);
        OpenCallsWeMissed(liveByCall, snapshot);
        if (snapshot.QueueStatus is not null)
        {
            RestateQueues(snapshot.QueueStatus, snapshot.QueueSummary ?? [], snapshot.SessionStartedAt);
        }
    }

    private void CloseCallsThatEnded(AmiResyncSnapshot snapshot, Dictionary<string, List<Protocol.AmiMessage>> liveByCall, HashSet<string> liveUids)
    {
        foreach (var call in _calls.Values.ToList())
        {
            if (call.LastActivityAt >= snapshot.SessionStartedAt)
            {
                continue;
            }

            foreach (var uid in call.Channels.Where(u => !liveUids.Contains(u)).ToList())
            {
                call.Channels.Remove(uid);
                _channels.Remove(uid);
            }

            if (!liveByCall.ContainsKey(call.CallId) && call.Channels.Count == 0)
            {
                EndCall(call, "unknown-during-outage", null, synthesized: true);
            }
        }
    }

    private void OpenCallsWeMissed(Dictionary<string, List<Protocol.AmiMessage>> liveByCall, AmiResyncSnapshot snapshot)
    {
        var queued = (snapshot.QueueStatus ?? []).Where(m => m.Event == "QueueEntry")
            .Where(m => m["Uniqueid"] is not null)
            .ToDictionary(m => m["Uniqueid"]!, StringComparer.Ordinal);
        foreach (var (callId, channels) in liveByCall)
        {
            if (_calls.ContainsKey(callId) || _ended.Contains(callId))
            {
                continue;
            }

            var origin = channels.OrderByDescending(c => Seconds(c["Duration"])).First();
            var startedAt = _at - TimeSpan.FromSeconds(Seconds(origin["Duration"]));
            var call = new AmiCall(callId, origin["Uniqueid"]!, startedAt) { LastActivityAt = _heardAt };
            _calls[callId] = call;
            foreach (var c in channels)
            {
                var uid = c["Uniqueid"]!;
                call.Channels.Add(uid);
                _channels[uid] = new AmiChannel(uid, c["Channel"] ?? uid)
                {
                    CallId = callId,
                    CallerNumber = Blank(c["CallerIDNum"]),
                    CallerName = Blank(c["CallerIDName"]),
                    State = int.TryParse(c["ChannelState"], CultureInfo.InvariantCulture, out var s) ? s : 0,
                };
            }

            var caller = _channels[origin["Uniqueid"]!];
            Emit(callId, new CallStarted(caller.CallerNumber, caller.CallerName, Blank(origin["Exten"]), Direction(origin["Context"], origin["Exten"]), caller.Name), synthesized: true);
            var answered = channels.Where(c => c != origin && c["ChannelState"] == "6").ToList();
            if (answered.Count > 0 || (channels.Count > 1 && !string.IsNullOrEmpty(origin["BridgeId"])))
            {
                call.AnsweredAt = _at;
                Emit(callId, new CallAnswered(Blank(answered.FirstOrDefault()?["CallerIDNum"]), answered.FirstOrDefault()?["Channel"]), synthesized: true);
            }

            var entry = channels.Select(c => queued.GetValueOrDefault(c["Uniqueid"]!)).FirstOrDefault(e => e is not null);
            if (entry is not null)
            {
                call.Queue = entry["Queue"];
                call.QueuedAt = _at - TimeSpan.FromSeconds(int.TryParse(entry["Wait"], CultureInfo.InvariantCulture, out var w) ? w : 0);
                Emit(callId, new CallQueued(call.Queue ?? "", int.TryParse(entry["Position"], CultureInfo.InvariantCulture, out var p) ? p : 0, 0), synthesized: true);
            }
        }
    }

    private void RestateQueues(IReadOnlyList<Protocol.AmiMessage> queueStatus, IReadOnlyList<Protocol.AmiMessage> queueSummary, DateTimeOffset sessionStart)
    {
        bool HeardSince(string queue, string agent) => _memberHeardAt.TryGetValue((queue, agent), out var at) && at >= sessionStart;

        var reported = new HashSet<(string Queue, string Agent)>();
        foreach (var message in queueStatus)
        {
            _message = message;
            switch (message.Event)
            {
                case "QueueParams":
                    OnQueueParams(synthesized: true);
                    break;
                case "QueueMember":
                    reported.Add((message["Queue"] ?? "", Agent()));
                    if (!HeardSince(message["Queue"] ?? "", Agent()))
                    {
                        OnQueueMember("status", synthesized: true);
                    }

                    break;
            }
        }

        foreach (var (queue, agent) in _members.Where(m => !reported.Contains(m) && !HeardSince(m.Queue, m.Agent)).ToList())
        {
            _members.Remove((queue, agent));
            Emit(null, new AgentStateChanged(agent, null, AgentState.LoggedOut, queue, "removed", Reason: "not a member after resync"), synthesized: true);
        }

        foreach (var message in queueSummary)
        {
            _message = message;
            OnQueueSummary(synthesized: true);
        }

        _message = null!;
    }

    /// <summary>CoreShowChannel's Duration is HH:MM:SS.</summary>
    private static double Seconds(string? duration) =>
        TimeSpan.TryParse(duration, CultureInfo.InvariantCulture, out var t) ? t.TotalSeconds : 0;
}
