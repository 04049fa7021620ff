using System.Globalization;
using Middleware.Adapters.Ami.Protocol;
using Middleware.Core.Events;

namespace Middleware.Adapters.Ami.Normalization;

/// <summary>
/// Maps one PBX's AMI events (Asterisk 13-22 names, with fallbacks for older ones) into call-center
/// events. Channels are grouped into calls by Linkedid, or by Uniqueid chains (Dial) when the
/// PBX is too old to send Linkedid. Events with no mapping become <see cref="Unmapped"/>, whole.
/// Not thread-safe: one normalizer per source, fed in order.
/// </summary>
public sealed partial class AmiNormalizer
{
    private const int EndedCallMemory = 4096;

    private readonly Dictionary<string, AmiChannel> _channels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AmiCall> _calls = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ended = new(StringComparer.Ordinal);
    private readonly Queue<string> _endedOrder = new();
    private readonly HashSet<string> _inboundContexts;
    private readonly string _callIdPrefix;
    private List<NormalizedEvent> _out = null!;
    private AmiMessage _message = null!;

    /// <summary>When the current event happened, on the PBX's clock.</summary>
    private DateTimeOffset _at;

    /// <summary>When the current event reached us, on our clock: what freshness against a resync is judged by.</summary>
    private DateTimeOffset _heardAt;

    /// <summary>PBX clock minus ours, from the last time-stamped event; places synthesized events on the PBX's timeline.</summary>
    private TimeSpan _clockOffset;

    /// <param name="callIdPrefix">Prepended to every call id (the source name), so two PBXs' Linkedids never collide.</param>
    public AmiNormalizer(IEnumerable<string>? inboundContexts = null, string callIdPrefix = "")
    {
        _inboundContexts = new HashSet<string>(inboundContexts ?? [], StringComparer.OrdinalIgnoreCase);
        _callIdPrefix = callIdPrefix;
    }

    public AmiNormalizerStats Stats { get; } = new();

    /// <summary>Calls that started and have not ended, by call id.</summary>
    public IReadOnlyCollection<string> OpenCalls => _calls.Keys.Select(k => _callIdPrefix + k).ToList();

    /// <summary>The channel of the call's first leg (the caller), for write-backs addressed by call id.</summary>
    public string? CallerChannel(string callId) =>
        callId.StartsWith(_callIdPrefix, StringComparison.Ordinal) && _calls.TryGetValue(callId[_callIdPrefix.Length..], out var call) && _channels.TryGetValue(call.OriginUniqueid, out var channel) ? channel.Name : null;

    public void Normalize(AmiMessage message, DateTimeOffset receivedAt, List<NormalizedEvent> output)
    {
        var name = message.Event;
        if (name is null)
        {
            return;
        }

        _out = output;
        _message = message;
        _heardAt = receivedAt;
        var stamped = Timestamp(message);
        if (stamped is { } pbxTime)
        {
            _clockOffset = pbxTime - receivedAt;
        }

        _at = stamped ?? receivedAt + _clockOffset;
        var before = output.Count;
        var mapped = Map(name);
        Stats.Count(name, mapped ? (output.Count > before ? AmiMapping.Mapped : AmiMapping.StateOnly) : AmiMapping.Unmapped);
        if (!mapped)
        {
            Emit(CallIdOf(message), new Unmapped("ami", name, message.Fields.Select(f => new SourceField(f.Key, f.Value)).ToList()));
        }
    }

    private bool Map(string name)
    {
        switch (name)
        {
            case "Newchannel": OnNewchannel(); return true;
            case "Newstate": OnNewstate(); return true;
            case "NewCallerid": OnNewCallerid(); return true;
            case "DialBegin": OnDialBegin(_message["DestUniqueid"], _message["DestChannel"], _message["DestCallerIDNum"] ?? _message["DialString"]); return true;
            case "DialEnd": OnDialEnd(_message["DestUniqueid"], _message["DialStatus"], _message["DestCallerIDNum"], _message["DestChannel"]); return true;
            case "Dial": OnOldDial(); return true;
            case "Hangup": OnHangup(); return true;
            case "HangupRequest": OnHangupRequest(); return true;
            case "Hold": OnHold(_message["Status"] is not { } s || s.Equals("On", StringComparison.OrdinalIgnoreCase)); return true;
            case "Unhold": OnHold(false); return true;
            case "MusicOnHoldStart": OnHold(true); return true;
            case "MusicOnHoldStop": OnHold(false); return true;
            case "BlindTransfer": OnBlindTransfer(); return true;
            case "AttendedTransfer": OnAttendedTransfer(); return true;
            case "Transfer": OnOldTransfer(); return true;
            case "DTMFEnd": OnDtmf(); return true;
            case "DTMF": if (_message.Is("End", "Yes")) { OnDtmf(); } return true;
            case "QueueCallerJoin" or "Join": OnQueueCallerJoin(); return true;
            case "QueueCallerLeave" or "Leave": OnQueueCallerLeave(); return true;
            case "QueueCallerAbandon": OnQueueCallerAbandon(); return true;
            case "AgentCalled": OnAgentCalled(); return true;
            case "AgentConnect": OnAgentConnect(); return true;
            case "AgentComplete": OnAgentComplete(); return true;
            case "AgentRingNoAnswer": OnAgentEnded("ring-no-answer", $"no answer after {_message["RingTime"]} ms"); return true;
            case "AgentDump": OnAgentEnded("dump", "agent hung up before connect"); return true;
            case "QueueMemberAdded": OnQueueMember("added"); return true;
            case "QueueMemberRemoved": OnQueueMember("removed"); return true;
            case "QueueMemberPause" or "QueueMemberPaused": OnQueueMember(Flag("Paused") == true ? "paused" : "unpaused"); return true;
            case "QueueMemberStatus" or "QueueMember": OnQueueMember("status"); return true;
            case "QueueMemberPenalty": OnQueueMember("penalty"); return true;
            case "QueueParams": OnQueueParams(); return true;
            case "QueueSummary": OnQueueSummary(); return true;
            case "QueueEntry": return true; // only meaningful inside a resync snapshot
            case "Cdr": return OnCdr();
            case "CEL": OnCel(); return true;
            case "UserEvent": Emit(CallIdOf(_message), new Unmapped("ami", "UserEvent:" + (_message["UserEvent"] ?? ""), Fields())); return true;
            case "OriginateResponse": Emit(CallIdOf(_message), new Unmapped("ami", name, Fields())); return true;
            case "FullyBooted": Emit(null, new SourceStatusChanged("fully-booted", _message["Status"])); return true;
            case "Shutdown": Emit(null, new SourceStatusChanged("shutdown", $"{_message["Shutdown"]}; restart={_message["Restart"]}")); return true;
            case "Reload": Emit(null, new SourceStatusChanged("reload", _message["Module"] ?? _message["Message"])); return true;
            case "NewConnectedLine" or "NewExten" or "Newexten" or "VarSet" or "DialState" or "BridgeCreate" or "BridgeEnter"
                or "BridgeLeave" or "BridgeDestroy" or "LocalBridge" or "DTMFBegin" or "SoftHangupRequest" or "Bridge" or "Link" or "Unlink":
                Touch();
                return true; // consumed into channel state only
            default:
                return false;
        }
    }

    private void OnNewchannel()
    {
        var uid = _message["Uniqueid"];
        if (uid is null || _channels.ContainsKey(uid))
        {
            return;
        }

        var channel = new AmiChannel(uid, _message["Channel"] ?? uid)
        {
            CallerNumber = Blank(_message["CallerIDNum"]),
            CallerName = Blank(_message["CallerIDName"]),
            State = Int("ChannelState") ?? 0,
        };
        _channels[uid] = channel;
        var linkedid = _message["Linkedid"];
        if (linkedid is null && channel.State == 0)
        {
            return; // pre-12 PBX: a leg in state Down is claimed by the Dial that creates it
        }

        JoinOrStartCall(channel, linkedid ?? uid, _message["Exten"], _message["Context"]);
    }

    private void JoinOrStartCall(AmiChannel channel, string callId, string? exten, string? context)
    {
        channel.CallId = callId;
        if (_calls.TryGetValue(callId, out var call))
        {
            call.Channels.Add(channel.Uniqueid);
            call.LastActivityAt = _heardAt;
            return;
        }

        if (_ended.Contains(callId))
        {
            return; // a straggler leg of a call already closed
        }

        call = new AmiCall(callId, channel.Uniqueid, _at) { LastActivityAt = _heardAt };
        call.Channels.Add(channel.Uniqueid);
        _calls[callId] = call;
        Emit(callId, new CallStarted(channel.CallerNumber, channel.CallerName, Blank(exten), Direction(context, exten), channel.Name, SipCallIdOf(_message)));
    }

    private void OnNewstate()
    {
        if (Channel() is not { } channel)
        {
            return;
        }

        channel.State = Int("ChannelState") ?? channel.State;
        channel.CallerNumber = Blank(_message["CallerIDNum"]) ?? channel.CallerNumber;
        if (channel.CallId is null)
        {
            if (channel.State is 4 or 6)
            {
                JoinOrStartCall(channel, channel.Uniqueid, _message["Exten"], _message["Context"]);
            }

            return;
        }

        var call = CallOf(channel);
        if (call is null || channel.Uniqueid == call.OriginUniqueid)
        {
            return;
        }

        if (channel.State == 5 && !channel.Ringing)
        {
            channel.Ringing = true;
            Emit(call.CallId, new CallRinging(channel.CallerNumber, channel.Name));
        }
        else if (channel.State == 6)
        {
            Answer(call, channel.CallerNumber, channel.Name);
        }
    }

    private void OnNewCallerid()
    {
        if (Channel() is { } channel)
        {
            channel.CallerNumber = Blank(_message["CallerIDNum"]) ?? channel.CallerNumber;
            channel.CallerName = Blank(_message["CallerIDName"]) ?? channel.CallerName;
        }
    }

    private void OnDialBegin(string? destUid, string? destChannel, string? number)
    {
        var call = CallOf(Channel());
        if (call is null)
        {
            return;
        }

        if (destUid is not null && _channels.TryGetValue(destUid, out var dest))
        {
            if (dest.CallId is null)
            {
                dest.CallId = call.CallId; // Uniqueid chain on PBXs without Linkedid
                call.Channels.Add(destUid);
            }

            if (dest.Ringing)
            {
                return;
            }

            dest.Ringing = true;
        }

        Emit(call.CallId, new CallRinging(Blank(number), destChannel));
    }

    private void OnDialEnd(string? destUid, string? status, string? number, string? destChannel)
    {
        var call = CallOf(Channel());
        if (call is null || !string.Equals(status, "ANSWER", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (destUid is not null && _channels.TryGetValue(destUid, out var dest) && dest.AgentInterface is not null)
        {
            call.AnsweredInQueue = true;
        }

        Answer(call, Blank(number), destChannel);
    }

    private void OnOldDial()
    {
        if (_message.Is("SubEvent", "Begin"))
        {
            OnDialBegin(_message["DestUniqueID"], _message["Destination"], _message["Dialstring"]);
        }
        else if (_message.Is("SubEvent", "End"))
        {
            OnDialEnd(null, _message["DialStatus"], null, null);
        }
    }

    private void Answer(AmiCall call, string? by, string? channel)
    {
        if (call.AnsweredAt is not null)
        {
            return;
        }

        call.AnsweredAt = _at;
        Emit(call.CallId, new CallAnswered(by, channel));
    }

    private void OnHangupRequest()
    {
        if (Channel() is { } channel && CallOf(channel) is { } call)
        {
            call.HangupRequestedBy ??= channel.Uniqueid;
            call.LegNumbers[channel.Uniqueid] = channel.CallerNumber;
        }
    }

    private void OnHangup()
    {
        var channel = Channel();
        if (channel is null || channel.HungUp)
        {
            return; // never seen, or a second Hangup for the same channel: one end per leg
        }

        channel.HungUp = true;
        _channels.Remove(channel.Uniqueid);
        var call = CallOf(channel);
        if (call is null)
        {
            return;
        }

        call.FirstHungUp ??= channel.Uniqueid;
        call.LegNumbers[channel.Uniqueid] = channel.CallerNumber;
        call.Channels.Remove(channel.Uniqueid);
        if (call.Channels.Count == 0)
        {
            var code = Int("Cause");
            EndCall(call, AmiCauses.Name(code), code, synthesized: false);
        }
    }

    private void EndCall(AmiCall call, string cause, int? code, bool synthesized)
    {
        if (call.Ended)
        {
            return;
        }

        call.Ended = true;
        var (party, number) = WhoHungUp(call);
        var duration = Math.Max(0, (_at - call.StartedAt).TotalSeconds);
        double? talk = call.AnsweredAt is { } answered ? Math.Max(0, (_at - answered).TotalSeconds) : null;
        Emit(call.CallId, new CallEnded(cause, code, Math.Round(duration, 3), talk is null ? null : Math.Round(talk.Value, 3), party, number), synthesized);
        Forget(call);
    }

    private (HangupParty, string?) WhoHungUp(AmiCall call)
    {
        switch (call.CompletionReason)
        {
            case "caller":
                return (HangupParty.Caller, null);
            case "agent":
                return (HangupParty.Agent, call.AgentInterface);
        }

        var uid = call.HangupRequestedBy ?? call.FirstHungUp;
        if (uid is null)
        {
            return (HangupParty.Unknown, null);
        }

        var number = call.LegNumbers.GetValueOrDefault(uid);
        if (uid == call.OriginUniqueid)
        {
            return (HangupParty.Caller, number);
        }

        return (call.AgentLegs.Contains(uid) ? HangupParty.Agent : HangupParty.Callee, number);
    }

    private void Forget(AmiCall call)
    {
        _calls.Remove(call.CallId);
        foreach (var uid in call.Channels)
        {
            _channels.Remove(uid);
        }

        _ended.Add(call.CallId);
        _endedOrder.Enqueue(call.CallId);
        if (_endedOrder.Count > EndedCallMemory)
        {
            _ended.Remove(_endedOrder.Dequeue());
        }
    }

    private void OnHold(bool held)
    {
        if (Channel() is not { } channel || CallOf(channel) is not { } call || channel.Held == held)
        {
            return;
        }

        channel.Held = held;
        Emit(call.CallId, held ? new CallHeld(channel.CallerNumber, channel.Name) : new CallResumed(channel.CallerNumber, channel.Name));
    }

    private void OnBlindTransfer()
    {
        var callId = _message["TransfererLinkedid"] ?? _message["TransfereeLinkedid"] ?? CallIdOf(_message);
        Emit(callId, new CallTransferred(TransferKind.Blind, _message["Extension"], Blank(_message["TransfererCallerIDNum"]), null, _message["Result"]));
    }

    private void OnAttendedTransfer()
    {
        var callId = _message["OrigTransfererLinkedid"] ?? CallIdOf(_message);
        var target = Blank(_message["SecondTransfererConnectedLineNum"]) ?? Blank(_message["TransferTargetCallerIDNum"]) ?? _message["DestApp"];
        Emit(callId, new CallTransferred(TransferKind.Attended, target, Blank(_message["OrigTransfererCallerIDNum"]), _message["SecondTransfererLinkedid"], _message["Result"]));
    }

    private void OnOldTransfer()
    {
        var kind = _message.Is("TransferType", "Attended") ? TransferKind.Attended : TransferKind.Blind;
        Emit(CallIdOf(_message), new CallTransferred(kind, _message["TransferExten"], Blank(_message["CallerIDNum"]), null, null));
    }

    private void OnDtmf()
    {
        if (Channel() is { } channel && CallOf(channel) is { } call)
        {
            Emit(call.CallId, new DtmfReceived(_message["Digit"] ?? "", _message["Direction"]?.ToLowerInvariant(), Int("DurationMs") ?? Int("Duration"), channel.Name));
        }
    }

    private bool OnCdr()
    {
        var callId = CallIdOf(_message);
        if (callId is not null && _calls.TryGetValue(callId, out var call))
        {
            // The PBX closed its books on a call whose Hangup we never saw.
            EndCall(call, _message["Disposition"]?.ToLowerInvariant().Replace(' ', '-') ?? "unknown", null, synthesized: false);
            return true;
        }

        return false; // kept as Unmapped: the PBX's own record of the call, for audit
    }

    private void OnCel()
    {
        if (_message.Is("EventName", "LINKEDID_END") && _message["LinkedID"] is { } linked && _calls.TryGetValue(linked, out var call))
        {
            EndCall(call, "unknown", null, synthesized: false);
        }
    }

    private void Touch()
    {
        if (CallOf(Channel()) is { } call)
        {
            call.LastActivityAt = _heardAt;
        }
    }
}
