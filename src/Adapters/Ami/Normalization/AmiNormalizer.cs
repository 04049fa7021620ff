using Middleware.Adapters.Ami.Protocol;

namespace Middleware.Adapters.Ami.Normalization;

/// <summary>
/// Maps one PBX's AMI events (Asterisk 13-22 names, with fallbacks for older ones) into call-center
/// events. Channels are grouped into calls by Linkedid, or by Uniqueid chains (Dial) when the
/// PBX is too old to send Linkedid. Events with no mapping become <see cref="Unmapped"/>, whole.
/// This type only places each message in time and hands it, by event name, to the mapper of its
/// concern: channels, dialling, hangups, transfers, queues, agents, and the resync after login.
/// Not thread-safe: one normalizer per source, fed in order.
/// </summary>
public sealed class AmiNormalizer
{
    private readonly AmiCallBook _book;
    private readonly AmiChannelMapper _channels;
    private readonly AmiDialMapper _dials;
    private readonly AmiHangupMapper _hangups;
    private readonly AmiTransferMapper _transfers;
    private readonly AmiQueueMapper _queues;
    private readonly AmiAgentMapper _agents;
    private readonly AmiResync _resync;

    /// <summary>PBX clock minus ours, from the last time-stamped event; places synthesized events on the PBX's timeline.</summary>
    private TimeSpan _clockOffset;

    /// <param name="callIdPrefix">Prepended to every call id (the source name), so two PBXs' Linkedids never collide.</param>
    public AmiNormalizer(IEnumerable<string>? inboundContexts = null, string callIdPrefix = "")
    {
        _book = new AmiCallBook(inboundContexts, callIdPrefix);
        _channels = new AmiChannelMapper(_book);
        _dials = new AmiDialMapper(_book);
        _hangups = new AmiHangupMapper(_book);
        _transfers = new AmiTransferMapper(_book);
        _queues = new AmiQueueMapper(_book);
        _agents = new AmiAgentMapper(_book);
        _resync = new AmiResync(_book, _hangups, _queues, _agents);
    }

    public AmiNormalizerStats Stats { get; } = new();

    /// <summary>Calls that started and have not ended, by call id.</summary>
    public IReadOnlyCollection<string> OpenCalls => _book.OpenCalls;

    /// <summary>The channel of the call's first leg (the caller), for write-backs addressed by call id.</summary>
    public string? CallerChannel(string callId) => _book.CallerChannel(callId);

    /// <summary>The PBX's own time on a message (timestampevents=yes), or null.</summary>
    public static DateTimeOffset? PbxTime(AmiMessage message) => message.Timestamp();

    /// <summary>Whether the PBX's clock is known yet (a time-stamped event was seen): until then a message without Timestamp can only be dated by our clock.</summary>
    public bool KnowsPbxClock { get; private set; }

    /// <param name="receivedAt">When the message reached us; it dates the events when the PBX sends no Timestamp.</param>
    public void Normalize(AmiMessage message, DateTimeOffset receivedAt, List<NormalizedEvent> output)
    {
        var name = message.Event;
        if (name is null)
        {
            return;
        }

        var stamped = message.Timestamp();
        if (stamped is { } pbxTime)
        {
            _clockOffset = pbxTime - receivedAt;
            KnowsPbxClock = true;
        }

        var e = new AmiMessageContext(message, stamped ?? receivedAt + _clockOffset, receivedAt, output, _book.CallIdPrefix);
        var before = output.Count;
        var mapped = Map(name, e);
        // A leg's SIP Call-ID told after its Newchannel: a VarSet of it, or channelvars on a later event
        // (looked for only where there is a ChanVariable line: most messages have none).
        if (name != "Newchannel" && (name == "VarSet" || message.IndexOf("ChanVariable") >= 0) && message.SipCallId() is { } sipCallId
            && _book.ChannelOf(message) is { } channel && _book.CallOf(channel, e) is { } call)
        {
            _book.TellSipCallId(e, call, channel, sipCallId);
        }

        Stats.Count(name, mapped ? (output.Count > before ? AmiMapping.Mapped : AmiMapping.StateOnly) : AmiMapping.Unmapped);
        if (!mapped)
        {
            e.Emit(_book.CallIdOf(message), new Unmapped("ami", name, message.SourceFields()));
        }
    }

    /// <summary>
    /// Reconciles the tracked calls, queues and members with what the PBX reports right after
    /// (re)login; see <see cref="AmiResync"/>. Every event it makes is flagged synthesized.
    /// </summary>
    public void Resync(AmiResyncSnapshot snapshot, DateTimeOffset now, List<NormalizedEvent> output) =>
        _resync.Apply(new AmiMessageContext(null, now + _clockOffset, now, output, _book.CallIdPrefix), snapshot);

    /// <returns>False when the event has no mapping (it is then kept whole as Unmapped).</returns>
    private bool Map(string name, in AmiMessageContext e)
    {
        var message = e.Live;
        switch (name)
        {
            // channels and calls
            case "Newchannel": _channels.OnNewchannel(e); return true;
            case "Newstate": _channels.OnNewstate(e); return true;
            case "NewCallerid": _channels.OnNewCallerid(e); return true;
            case "Newexten" or "NewExten": _channels.OnNewexten(e); return true;
            case "Hold": _channels.OnHold(e, message["Status"] is not { } s || s.Equals("On", StringComparison.OrdinalIgnoreCase)); return true;
            case "Unhold": _channels.OnHold(e, false); return true;
            case "MusicOnHoldStart": _channels.OnHold(e, true, music: true); return true;
            case "MusicOnHoldStop": _channels.OnHold(e, false, music: true); return true;
            case "VarSet": _channels.Touch(e); _queues.OnVarSet(e); OnAmdStatus(e); return true;
            case "BridgeEnter": _channels.OnBridge(e, entered: true); return true;
            case "BridgeLeave": _channels.OnBridge(e, entered: false); return true;
            case "DTMFEnd": _channels.OnDtmf(e); return true;
            case "DTMF": if (message.Is("End", "Yes")) { _channels.OnDtmf(e); } return true;
            case "NewConnectedLine": _channels.OnNewConnectedLine(e); return true;
            case "DialState" or "BridgeCreate"
                or "BridgeDestroy" or "LocalBridge" or "DTMFBegin" or "SoftHangupRequest" or "Bridge" or "Link" or "Unlink":
                _channels.Touch(e);
                return true; // consumed into channel state only

            // dialling
            case "DialBegin": _dials.OnDialBegin(e); return true;
            case "DialEnd": _dials.OnDialEnd(e); return true;
            case "Dial": _dials.OnOldDial(e); return true;

            // hangups and the PBX's own end-of-call records
            case "Hangup": _queues.OnCallerHangup(e); _hangups.OnHangup(e); return true;
            case "HangupRequest": _queues.OnCallerHangup(e); _hangups.OnHangupRequest(e); return true;
            case "Cdr": return _hangups.OnCdr(e);
            case "CEL": _hangups.OnCel(e); return true;

            // transfers
            case "BlindTransfer": _transfers.OnBlindTransfer(e); return true;
            case "AttendedTransfer": _transfers.OnAttendedTransfer(e); return true;
            case "Transfer": _transfers.OnOldTransfer(e); return true;

            // queues and their callers
            case "QueueCallerJoin" or "Join": _queues.OnQueueCallerJoin(e); return true;
            case "QueueCallerLeave" or "Leave": _queues.OnQueueCallerLeave(e); return true;
            case "QueueCallerAbandon": _queues.OnQueueCallerAbandon(e); return true;
            case "QueueParams": _queues.OnQueueParams(e); return true;
            case "QueueSummary": _queues.OnQueueSummary(e); return true;
            case "QueueEntry": return true; // only meaningful inside a resync snapshot

            // agents (queue members)
            case "AgentCalled": _agents.OnAgentCalled(e); return true;
            case "AgentConnect": _agents.OnAgentConnect(e); return true;
            case "AgentComplete": _agents.OnAgentComplete(e); return true;
            case "AgentRingNoAnswer": _agents.OnAgentRingNoAnswer(e); return true;
            case "AgentDump": _agents.OnAgentEnded(e, "dump", "agent hung up before connect"); return true;
            case "QueueMemberAdded": _agents.OnQueueMember(e, "added"); return true;
            case "QueueMemberRemoved": _agents.OnQueueMember(e, "removed"); return true;
            case "QueueMemberPause" or "QueueMemberPaused": _agents.OnQueueMember(e, message.Flag("Paused") == true ? "paused" : "unpaused"); return true;
            case "QueueMemberStatus" or "QueueMember": _agents.OnQueueMember(e, "status"); return true;
            case "QueueMemberPenalty": _agents.OnQueueMember(e, "penalty"); return true;

            // the PBX itself, and events passed on whole
            case "FullyBooted": e.Emit(null, new SourceStatusChanged("fully-booted", message["Status"])); return true;
            case "Shutdown": e.Emit(null, new SourceStatusChanged("shutdown", $"{message["Shutdown"]}; restart={message["Restart"]}")); return true;
            case "Reload": e.Emit(null, new SourceStatusChanged("reload", message["Module"] ?? message["Message"])); return true;
            case "UserEvent": e.Emit(_book.CallIdOf(message), new Unmapped("ami", "UserEvent:" + (message["UserEvent"] ?? ""), message.SourceFields())); return true;
            case "OriginateResponse": e.Emit(_book.CallIdOf(message), new Unmapped("ami", name, message.SourceFields())); return true;
            default:
                return false;
        }
    }

    /// <summary>AMD() sets AMDSTATUS, then AMDCAUSE (apps/app_amd.c isAnsweringMachine): the status decides.</summary>
    private void OnAmdStatus(in AmiMessageContext e)
    {
        if (e.Live.Is("Variable", "AMDSTATUS") && e.Live["Value"] is { Length: > 0 } status)
        {
            e.Emit(_book.CallIdOf(e.Live), new AmdResult(status));
        }
    }
}
