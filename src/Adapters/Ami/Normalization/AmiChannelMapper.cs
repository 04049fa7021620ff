using static Middleware.Adapters.Ami.Normalization.AmiFieldValues;

namespace Middleware.Adapters.Ami.Normalization;

/// <summary>
/// Channel (leg) events: a leg appearing and joining its call, its state (ringing, up), caller id
/// changes, hold and music on hold, and DTMF digits. Events that only move a channel along
/// (bridges, dialplan steps, variables) just mark the call active.
/// </summary>
internal sealed class AmiChannelMapper(AmiCallBook book)
{
    /// <summary>Newchannel: a leg appears; with a Linkedid it joins (or starts) its call at once.</summary>
    public void OnNewchannel(in AmiMessageContext e)
    {
        var message = e.Live;
        var uid = message["Uniqueid"];
        if (uid is null || book.Channels.ContainsKey(uid))
        {
            return;
        }

        var channel = new AmiChannel(uid, message["Channel"] ?? uid)
        {
            CallerNumber = Blank(message["CallerIDNum"]),
            CallerName = Blank(message["CallerIDName"]),
            State = message.Int("ChannelState") ?? 0,
        };
        book.Channels[uid] = channel;
        var linkedid = message["Linkedid"];
        if (linkedid is null && channel.State == 0)
        {
            return; // pre-12 PBX: a leg in state Down is claimed by the Dial that creates it
        }

        book.JoinOrStartCall(e, channel, linkedid ?? uid, message["Exten"], message["Context"]);
    }

    /// <summary>Newstate: AST_STATE_RINGING (5) rings a callee leg, AST_STATE_UP (6) answers the call.</summary>
    public void OnNewstate(in AmiMessageContext e)
    {
        var message = e.Live;
        if (book.ChannelOf(message) is not { } channel)
        {
            return;
        }

        channel.State = message.Int("ChannelState") ?? channel.State;
        channel.CallerNumber = Blank(message["CallerIDNum"]) ?? channel.CallerNumber;
        if (channel.CallId is null)
        {
            if (channel.State is 4 or 6)
            {
                book.JoinOrStartCall(e, channel, channel.Uniqueid, message["Exten"], message["Context"]);
            }

            return;
        }

        var call = book.CallOf(channel, e);
        if (call is null)
        {
            return;
        }

        if (channel.Uniqueid == call.OriginUniqueid)
        {
            OriginUp(e, call, channel);
            return;
        }

        if (channel.State == 5 && !channel.Ringing)
        {
            channel.Ringing = true;
            e.Emit(call.CallId, new CallRinging(AmiCallBook.PartyOf(call, channel, channel.CallerNumber), channel.Name));
        }
        else if (channel.State == 6)
        {
            book.Answer(e, call, AmiCallBook.PartyOf(call, channel, channel.CallerNumber), channel.Name);
        }
    }

    /// <summary>
    /// The call's first leg came up. On an originated call that is the far end answering: the party
    /// is the leg's own endpoint (PJSIP/1001-… → 1001), not its caller id, which is what the PBX
    /// showed that phone (the customer's number, on a click-to-call). On a caller's leg it is the
    /// dialplan answering (Answer(), Echo(), Playback() of an IVR: pbx.c's ast_answer sets
    /// AST_STATE_UP and main/manager_channels.c reports Newstate), told once, as the PBX's answer.
    /// </summary>
    private void OriginUp(in AmiMessageContext e, AmiCall call, AmiChannel channel)
    {
        if (channel.State != 6)
        {
            return;
        }

        if (call.Originated)
        {
            book.Answer(e, call, PeerOf(channel.Name) ?? channel.CallerNumber, channel.Name);
        }
        else if (!call.AnsweredByDialplan && call.AnsweredAt is null && channel.Application is not ("Dial" or "Queue"))
        {
            // Dial() and Queue() answer the caller only once a callee or member has: that answer is theirs.
            call.AnsweredByDialplan = true;
            e.Emit(call.CallId, new CallAnswered("dialplan:" + (channel.Application ?? "Answer"), channel.Name, ByDialplan: true));
        }
    }

    /// <summary>
    /// NewCallerid: the leg's number and name as the dialplan (CALLERID(num)=…), the far end or an
    /// Originate's CallerID changed them (main/manager_channels.c channel_newcallerid_cb). On the
    /// call's first leg it is the call's caller: an originated call learns its number only here.
    /// </summary>
    public void OnNewCallerid(in AmiMessageContext e)
    {
        var message = e.Live;
        if (book.ChannelOf(message) is not { } channel)
        {
            return;
        }

        channel.CallerNumber = Blank(message["CallerIDNum"]) ?? channel.CallerNumber;
        channel.CallerName = Blank(message["CallerIDName"]) ?? channel.CallerName;
        if (book.CallOf(channel, e) is { } call && channel.Uniqueid == call.OriginUniqueid && channel.CallerNumber is { } number && number != call.CallerNumber)
        {
            call.CallerNumber = number;
            e.Emit(call.CallId, new CallDetailsChanged(number, channel.CallerName));
        }
    }

    /// <summary>
    /// NewConnectedLine: the party a leg is connected to (main/manager_channels.c
    /// channel_new_connected_line_cb). An originated call with no caller id of its own takes the
    /// number its first leg is connected to: the party the Originate or the dialplan's Dial named.
    /// </summary>
    public void OnNewConnectedLine(in AmiMessageContext e)
    {
        var message = e.Live;
        if (book.ChannelOf(message) is not { } channel || book.CallOf(channel, e) is not { } call)
        {
            return;
        }

        if (call.Originated && call.CallerNumber is null && channel.Uniqueid == call.OriginUniqueid && Blank(message["ConnectedLineNum"]) is { } number)
        {
            call.CallerNumber = number;
            e.Emit(call.CallId, new CallDetailsChanged(number, Blank(message["ConnectedLineName"])));
        }
    }

    /// <summary>
    /// Newexten: the dialplan application a leg runs now; on an originated call's first leg the
    /// first real exten (not "s") is the number the call was placed to run at.
    /// </summary>
    public void OnNewexten(in AmiMessageContext e)
    {
        var message = e.Live;
        if (book.ChannelOf(message) is not { } channel || book.CallOf(channel, e) is not { } call)
        {
            return;
        }

        channel.Application = message["Application"] ?? channel.Application;
        var exten = Blank(message["Exten"] ?? message["Extension"]);
        if (call.Originated && call.DialedNumber is null && channel.Uniqueid == call.OriginUniqueid && exten is not null and not "s")
        {
            call.DialedNumber = exten;
            e.Emit(call.CallId, new CallDetailsChanged(DialedNumber: exten, Direction: CallDirection.Outbound));
        }
    }

    /// <summary>
    /// Hold/Unhold, and music on hold on a bridged leg: one CallHeld or CallResumed per change of
    /// the call's state, named by the leg that reported it. Asterisk raises Hold on the channel of
    /// the party that pressed hold and MusicOnHoldStart on the peer the bridge plays music to
    /// (main/manager_channels.c channel_hold_cb; res/res_musiconhold.c); music on a leg in no
    /// bridge is a queue's or an IVR's (app_queue.c queue_exec starts it on every waiting caller),
    /// not a hold.
    /// </summary>
    public void OnHold(in AmiMessageContext e, bool held, bool music = false)
    {
        if (book.ChannelOf(e.Live) is not { } channel || book.CallOf(channel, e) is not { } call || call.Held == held || (music && channel.BridgeId is null))
        {
            return;
        }

        call.Held = held;
        var party = AmiCallBook.Who(call, channel);
        e.Emit(call.CallId, held ? new CallHeld(party, channel.Name) : new CallResumed(party, channel.Name));
    }

    /// <summary>BridgeEnter/BridgeLeave: which bridge a leg is in, for telling a hold's music from a queue's.</summary>
    public void OnBridge(in AmiMessageContext e, bool entered)
    {
        if (book.ChannelOf(e.Live) is { } channel)
        {
            channel.BridgeId = entered ? e.Live["BridgeUniqueid"] : null;
            book.CallOf(channel, e);
        }
    }

    /// <summary>
    /// DTMFEnd (or an old DTMF with End: Yes): one digit per press, from the party who pressed it.
    /// Asterisk reports a digit on every channel it crosses (main/channel.c send_dtmf_end_event):
    /// Received where it was read, Sent where the bridge wrote it, and again on each Local channel
    /// pair in between. Only Received on a channel that is a party's own leg is the press; the
    /// party is the caller on the call's first leg, else the agent (or whoever the caller talks to).
    /// </summary>
    public void OnDtmf(in AmiMessageContext e)
    {
        var message = e.Live;
        if (book.ChannelOf(message) is not { } channel || book.CallOf(channel, e) is not { } call || channel.IsLocal
            || message["Direction"] is { } direction && !direction.Equals("Received", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var party = channel.Uniqueid == call.OriginUniqueid ? Speaker.Caller : Speaker.Agent;
        e.Emit(call.CallId, new DtmfReceived(message["Digit"] ?? "", "received", message.Int("DurationMs") ?? message.Int("Duration"), channel.Name, party));
    }

    /// <summary>An event consumed into channel state only: the call is still alive, a resync must not close it.</summary>
    public void Touch(in AmiMessageContext e) => book.CallOf(book.ChannelOf(e.Live), e);
}
