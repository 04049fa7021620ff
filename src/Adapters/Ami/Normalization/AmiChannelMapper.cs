using Middleware.Core.Events;
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
        if (call is null || channel.Uniqueid == call.OriginUniqueid)
        {
            return;
        }

        if (channel.State == 5 && !channel.Ringing)
        {
            channel.Ringing = true;
            e.Emit(call.CallId, new CallRinging(channel.CallerNumber, channel.Name));
        }
        else if (channel.State == 6)
        {
            book.Answer(e, call, channel.CallerNumber, channel.Name);
        }
    }

    /// <summary>NewCallerid: the leg's number and name as the dialplan or the far end changed them.</summary>
    public void OnNewCallerid(in AmiMessageContext e)
    {
        var message = e.Live;
        if (book.ChannelOf(message) is { } channel)
        {
            channel.CallerNumber = Blank(message["CallerIDNum"]) ?? channel.CallerNumber;
            channel.CallerName = Blank(message["CallerIDName"]) ?? channel.CallerName;
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
        e.Emit(call.CallId, held ? new CallHeld(channel.CallerNumber, channel.Name) : new CallResumed(channel.CallerNumber, channel.Name));
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
