using Middleware.Adapters.Ami.Protocol;
using static Middleware.Adapters.Ami.Normalization.AmiFieldValues;

namespace Middleware.Adapters.Ami.Normalization;

/// <summary>
/// Rebuilding state after (re)login from what the PBX reports (CoreShowChannels, QueueStatus,
/// QueueSummary), with every made-up event flagged as synthesized.
/// </summary>
internal sealed class AmiResync(AmiCallBook book, AmiHangupMapper hangups, AmiQueueMapper queues, AmiAgentMapper agents)
{
    /// <summary>
    /// Reconciles the tracked calls, queues and members with a snapshot: calls that ended while we
    /// were not listening are closed with cause <c>unknown-during-outage</c>, calls we missed the
    /// start of are opened, and queue and member state is restated. Calls touched by live events
    /// since the new session's login are newer than the snapshot and left alone.
    /// </summary>
    public void Apply(in AmiMessageContext e, AmiResyncSnapshot snapshot)
    {
        if (snapshot.PreviousSessionLastHeardAt is { } lastHeard)
        {
            e.Emit(null, new SourceGap(lastHeard, snapshot.SessionStartedAt, "AMI connection lost; state rebuilt by resync"), synthesized: true);
        }

        var liveByCall = snapshot.Channels
            .Where(c => c["Uniqueid"] is not null)
            .GroupBy(c => c["Linkedid"] ?? c["Uniqueid"]!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var liveUids = snapshot.Channels.Select(c => c["Uniqueid"]).OfType<string>().ToHashSet(StringComparer.Ordinal);

        CloseCallsThatEnded(e, snapshot, liveByCall, liveUids);
        CloseCallsTheLastRunLeftOpen(e, snapshot, liveByCall);
        OpenCallsWeMissed(e, liveByCall, snapshot);
        if (snapshot.QueueStatus is not null)
        {
            RestateQueues(e, snapshot.QueueStatus, snapshot.QueueSummary ?? [], snapshot.SessionStartedAt);
        }
    }

    private void CloseCallsThatEnded(in AmiMessageContext e, AmiResyncSnapshot snapshot, Dictionary<string, List<AmiMessage>> liveByCall, HashSet<string> liveUids)
    {
        foreach (var call in book.Calls.Values.ToList())
        {
            if (call.LastActivityAt >= snapshot.SessionStartedAt)
            {
                continue;
            }

            foreach (var uid in call.Channels.Where(u => !liveUids.Contains(u)).ToList())
            {
                call.Channels.Remove(uid);
                book.Channels.Remove(uid);
            }

            if (!liveByCall.ContainsKey(call.CallId) && call.Channels.Count == 0)
            {
                hangups.EndCall(e, call, "unknown-during-outage", null, synthesized: true);
            }
        }
    }

    /// <summary>
    /// After a start, the journal's open calls that the PBX no longer has ended while the
    /// middleware was not running: closed with <c>unknown-during-outage</c> behind a
    /// <see cref="SourceGap"/>, exactly as after an in-process reconnect. Those still live are
    /// opened again from the snapshot like any call we missed the start of.
    /// </summary>
    private void CloseCallsTheLastRunLeftOpen(in AmiMessageContext e, AmiResyncSnapshot snapshot, Dictionary<string, List<AmiMessage>> liveByCall)
    {
        if (snapshot.LeftOpenByLastRun is not { Calls.Count: > 0 } left)
        {
            return;
        }

        var ended = left.Calls
            .Select(c => (Call: c, AmiId: c.CallId.StartsWith(book.CallIdPrefix, StringComparison.Ordinal) ? c.CallId[book.CallIdPrefix.Length..] : c.CallId))
            .Where(c => !liveByCall.ContainsKey(c.AmiId) && !book.Calls.ContainsKey(c.AmiId) && !book.HasEnded(c.AmiId))
            .ToList();
        if (ended.Count == 0)
        {
            return;
        }

        if (snapshot.PreviousSessionLastHeardAt is null && left.LastJournaledAt is { } from)
        {
            e.Emit(null, new SourceGap(from, snapshot.SessionStartedAt, "middleware was not running (stopped or crashed); calls it left open reconciled by resync"), synthesized: true);
        }

        foreach (var (call, amiId) in ended)
        {
            hangups.EndCall(e, new AmiCall(amiId, amiId, call.StartedAt), "unknown-during-outage", null, synthesized: true);
        }
    }

    /// <summary>A live call we never saw start: its longest channel is the caller; a bridge or an up callee means answered.</summary>
    private void OpenCallsWeMissed(in AmiMessageContext e, Dictionary<string, List<AmiMessage>> liveByCall, AmiResyncSnapshot snapshot)
    {
        var queued = (snapshot.QueueStatus ?? []).Where(m => m.Event == "QueueEntry")
            .Where(m => m["Uniqueid"] is not null)
            .ToDictionary(m => m["Uniqueid"]!, StringComparer.Ordinal);
        foreach (var (callId, channels) in liveByCall)
        {
            if (book.Calls.ContainsKey(callId) || book.HasEnded(callId))
            {
                continue;
            }

            var origin = channels.OrderByDescending(c => Seconds(c["Duration"])).First();
            var startedAt = e.At - TimeSpan.FromSeconds(Seconds(origin["Duration"]));
            var call = new AmiCall(callId, origin["Uniqueid"]!, startedAt) { LastActivityAt = e.HeardAt };
            book.Calls[callId] = call;
            foreach (var c in channels)
            {
                var uid = c["Uniqueid"]!;
                call.Channels.Add(uid);
                book.Channels[uid] = new AmiChannel(uid, c["Channel"] ?? uid)
                {
                    CallId = callId,
                    CallerNumber = Blank(c["CallerIDNum"]),
                    CallerName = Blank(c["CallerIDName"]),
                    State = int.TryParse(c["ChannelState"], CultureInfo.InvariantCulture, out var s) ? s : 0,
                };
            }

            var caller = book.Channels[origin["Uniqueid"]!];
            e.Emit(callId, new CallStarted(caller.CallerNumber, caller.CallerName, Blank(origin["Exten"]), book.Direction(origin["Context"], origin["Exten"]), caller.Name), synthesized: true);
            var answered = channels.Where(c => c != origin && c["ChannelState"] == "6").ToList();
            if (answered.Count > 0 || (channels.Count > 1 && !string.IsNullOrEmpty(origin["BridgeId"])))
            {
                call.AnsweredAt = e.At;
                e.Emit(callId, new CallAnswered(Blank(answered.FirstOrDefault()?["CallerIDNum"]), answered.FirstOrDefault()?["Channel"]), synthesized: true);
            }

            var entry = channels.Select(c => queued.GetValueOrDefault(c["Uniqueid"]!)).FirstOrDefault(q => q is not null);
            if (entry is not null)
            {
                call.Queue = entry["Queue"];
                call.QueuedAt = e.At - TimeSpan.FromSeconds(int.TryParse(entry["Wait"], CultureInfo.InvariantCulture, out var w) ? w : 0);
                e.Emit(callId, new CallQueued(call.Queue ?? "", int.TryParse(entry["Position"], CultureInfo.InvariantCulture, out var p) ? p : 0, 0), synthesized: true);
            }
        }
    }

    /// <summary>Queue parameters and members as QueueStatus tells them, unless a live event since login is newer; members it no longer lists are logged out.</summary>
    private void RestateQueues(in AmiMessageContext e, IReadOnlyList<AmiMessage> queueStatus, IReadOnlyList<AmiMessage> queueSummary, DateTimeOffset sessionStart)
    {
        var reported = new HashSet<(string Queue, string Agent)>();
        foreach (var message in queueStatus)
        {
            var row = e.Reading(message);
            switch (message.Event)
            {
                case "QueueParams":
                    queues.OnQueueParams(row, synthesized: true);
                    break;
                case "QueueMember":
                    reported.Add((message["Queue"] ?? "", message.AgentInterface()));
                    if (!agents.HeardSince(message["Queue"] ?? "", message.AgentInterface(), sessionStart))
                    {
                        agents.OnQueueMember(row, "status", synthesized: true);
                    }

                    break;
            }
        }

        foreach (var (queue, agent) in agents.Members.Where(m => !reported.Contains(m) && !agents.HeardSince(m.Queue, m.Agent, sessionStart)).ToList())
        {
            agents.ForgetMember(queue, agent);
            e.Emit(null, new AgentStateChanged(agent, null, AgentState.LoggedOut, queue, "removed", Reason: "not a member after resync"), synthesized: true);
        }

        foreach (var message in queueSummary)
        {
            queues.OnQueueSummary(e.Reading(message), synthesized: true);
        }
    }

    /// <summary>CoreShowChannel's Duration is HH:MM:SS.</summary>
    private static double Seconds(string? duration) =>
        TimeSpan.TryParse(duration, CultureInfo.InvariantCulture, out var t) ? t.TotalSeconds : 0;
}
