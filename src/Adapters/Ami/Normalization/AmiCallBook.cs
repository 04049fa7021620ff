using Middleware.Adapters.Ami.Protocol;
using static Middleware.Adapters.Ami.Normalization.AmiFieldValues;

namespace Middleware.Adapters.Ami.Normalization;

/// <summary>
/// The channels and calls one PBX has open, as the mappers share them: which leg belongs to which
/// call, the calls that recently ended (so a straggler leg does not reopen one), and the two steps
/// several mappers take on a call: starting it and answering it.
/// </summary>
internal sealed class AmiCallBook(IEnumerable<string>? inboundContexts, string callIdPrefix)
{
    private const int EndedCallMemory = 4096;

    private readonly HashSet<string> _ended = new(StringComparer.Ordinal);
    private readonly Queue<string> _endedOrder = new();
    private readonly HashSet<string> _inboundContexts = new(inboundContexts ?? [], StringComparer.OrdinalIgnoreCase);

    public string CallIdPrefix { get; } = callIdPrefix;

    public Dictionary<string, AmiChannel> Channels { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, AmiCall> Calls { get; } = new(StringComparer.Ordinal);

    /// <summary>Calls that started and have not ended, by call id.</summary>
    public IReadOnlyCollection<string> OpenCalls => Calls.Keys.Select(k => CallIdPrefix + k).ToList();

    /// <summary>The channel of the call's first leg (the caller), for write-backs addressed by call id.</summary>
    public string? CallerChannel(string callId) =>
        callId.StartsWith(CallIdPrefix, StringComparison.Ordinal) && Calls.TryGetValue(callId[CallIdPrefix.Length..], out var call) && Channels.TryGetValue(call.OriginUniqueid, out var channel) ? channel.Name : null;

    public bool HasEnded(string callId) => _ended.Contains(callId);

    /// <summary>The channel an event names by its Uniqueid, when we track it.</summary>
    public AmiChannel? ChannelOf(AmiMessage message) =>
        message["Uniqueid"] is { } uid && Channels.TryGetValue(uid, out var channel) ? channel : null;

    /// <summary>The open call a channel belongs to, marked as active now (a resync leaves it alone).</summary>
    public AmiCall? CallOf(AmiChannel? channel, in AmiMessageContext e)
    {
        if (channel?.CallId is { } id && Calls.TryGetValue(id, out var call))
        {
            call.LastActivityAt = e.HeardAt;
            return call;
        }

        return null;
    }

    /// <summary>The call an event belongs to: its Linkedid, else its channel's call, else null.</summary>
    public string? CallIdOf(AmiMessage message)
    {
        if (message["Linkedid"] is { Length: > 0 } linked)
        {
            return linked;
        }

        var uid = message["Uniqueid"] ?? message["UniqueID"];
        return uid is not null && Channels.TryGetValue(uid, out var channel) ? channel.CallId : null;
    }

    /// <summary>The open call an app_queue event names (by Linkedid, else by channel), marked as active now.</summary>
    public AmiCall? CallByLinkedid(in AmiMessageContext e)
    {
        var id = CallIdOf(e.Live);
        if (id is not null && Calls.TryGetValue(id, out var call))
        {
            call.LastActivityAt = e.HeardAt;
            return call;
        }

        return null;
    }

    /// <summary>Puts a leg in its call, or starts the call when this is its first leg.</summary>
    public void JoinOrStartCall(in AmiMessageContext e, AmiChannel channel, string callId, string? exten, string? context)
    {
        channel.CallId = callId;
        if (Calls.TryGetValue(callId, out var call))
        {
            call.Channels.Add(channel.Uniqueid);
            TellSipCallId(e, call, channel, e.Live.SipCallId());
            call.LastActivityAt = e.HeardAt;
            return;
        }

        if (_ended.Contains(callId))
        {
            return; // a straggler leg of a call already closed
        }

        // A first leg created Down is one the PBX dials out on: manager.c's Originate action
        // (ast_pbx_outgoing_exten / ast_pbx_outgoing_app) requests the channel before anything runs
        // on it, while a caller's leg arrives ringing (AST_STATE_RING). Its exten is "s" until the
        // dialplan runs, and the caller id is set after the Newchannel (NewCallerid).
        channel.SipCallId = e.Live.SipCallId();
        var originated = channel.State == 0 && (context is null || !_inboundContexts.Contains(context));
        var dialed = exten is "s" ? null : Blank(exten);
        call = new AmiCall(callId, channel.Uniqueid, e.At) { LastActivityAt = e.HeardAt, Originated = originated, CallerNumber = channel.CallerNumber, DialedNumber = dialed };
        call.Channels.Add(channel.Uniqueid);
        Calls[callId] = call;
        var direction = originated ? CallDirection.Outbound : Direction(context, exten);
        e.Emit(callId, new CallStarted(channel.CallerNumber, channel.CallerName, dialed, direction, channel.Name, e.Live.SipCallId()));
    }

    /// <summary>
    /// A leg's SIP Call-ID, as the PBX tells it after the leg appeared: in the ChanVariable lines
    /// manager.conf's channelvars adds to every event of the channel (main/manager_channels.c
    /// ast_manager_build_channel_state_string), or a VarSet when the dialplan sets SIPCALLID
    /// (Set(SIPCALLID=${CHANNEL(pjsip,call-id)}) runs after the Newchannel, where it was empty).
    /// Each leg's id is told once: the caller's trunk dialog and the PBX's dialog to the agent's
    /// phone are both this call's, and the mirror sees them apart.
    /// </summary>
    public void TellSipCallId(in AmiMessageContext e, AmiCall call, AmiChannel channel, string? sipCallId)
    {
        if (sipCallId is null || sipCallId == channel.SipCallId)
        {
            return;
        }

        channel.SipCallId = sipCallId;
        e.Emit(call.CallId, new CallDetailsChanged(SipCallId: sipCallId));
    }

    /// <summary>
    /// Who a callee leg is: the number it was dialled as, else the caller id it shows unless that is
    /// the caller's own (app_dial and app_queue give the leg they dial the caller's id, so the phone
    /// shows who calls), else its endpoint.
    /// </summary>
    public static string? PartyOf(AmiCall call, AmiChannel? leg, string? shownNumber)
    {
        if (leg?.DialedAs is { } dialed)
        {
            return dialed;
        }

        if (shownNumber is not null && shownNumber != call.CallerNumber)
        {
            return shownNumber;
        }

        return leg is null ? null : PeerOf(leg.Name) ?? shownNumber;
    }

    /// <summary>Who a leg of the call is: the caller on its first leg, else <see cref="PartyOf"/>.</summary>
    public static string? Who(AmiCall call, AmiChannel leg) =>
        leg.Uniqueid == call.OriginUniqueid ? leg.CallerNumber : PartyOf(call, leg, leg.CallerNumber);

    /// <summary>The first answer of a call counts; later legs answering (transfers, agents) do not answer it again.</summary>
    public void Answer(in AmiMessageContext e, AmiCall call, string? by, string? channel)
    {
        if (call.AnsweredAt is not null)
        {
            return;
        }

        call.AnsweredAt = e.At;
        e.Emit(call.CallId, new CallAnswered(by, channel));
    }

    /// <summary>Drops an ended call and its legs, remembering its id for a while so stragglers stay out.</summary>
    public void Forget(AmiCall call)
    {
        Calls.Remove(call.CallId);
        foreach (var uid in call.Channels)
        {
            Channels.Remove(uid);
        }

        _ended.Add(call.CallId);
        _endedOrder.Enqueue(call.CallId);
        if (_endedOrder.Count > EndedCallMemory)
        {
            _ended.Remove(_endedOrder.Dequeue());
        }
    }

    /// <summary>Inbound when the dialplan context is a configured trunk context; else guessed from the dialled number's length.</summary>
    public CallDirection Direction(string? context, string? exten)
    {
        if (context is not null && _inboundContexts.Contains(context))
        {
            return CallDirection.Inbound;
        }

        if (exten is null || exten == "s")
        {
            return CallDirection.Unknown;
        }

        return exten.Count(char.IsAsciiDigit) >= 7 ? CallDirection.Outbound : CallDirection.Internal;
    }
}
