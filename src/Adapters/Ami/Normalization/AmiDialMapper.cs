using static Middleware.Adapters.Ami.Normalization.AmiFieldValues;

namespace Middleware.Adapters.Ami.Normalization;

/// <summary>
/// Dial events: the caller's leg dialling a destination (DialBegin rings it, DialEnd with ANSWER
/// answers the call), and Asterisk 1.8-11's single Dial event with SubEvent Begin/End. On PBXs
/// without Linkedid, the Uniqueid chain from caller to destination is what puts the leg in the call.
/// </summary>
internal sealed class AmiDialMapper(AmiCallBook book)
{
    public void OnDialBegin(in AmiMessageContext e)
    {
        var message = e.Live;
        OnDialBegin(e, message["DestUniqueid"], message["DestChannel"], message["DestCallerIDNum"] ?? message["DialString"], message["DialString"]);
    }

    public void OnDialEnd(in AmiMessageContext e)
    {
        var message = e.Live;
        OnDialEnd(e, message["DestUniqueid"], message["DialStatus"], message["DestCallerIDNum"], message["DestChannel"]);
    }

    /// <summary>Dial (Asterisk before 12): SubEvent Begin or End, with the older field names.</summary>
    public void OnOldDial(in AmiMessageContext e)
    {
        var message = e.Live;
        if (message.Is("SubEvent", "Begin"))
        {
            OnDialBegin(e, message["DestUniqueID"], message["Destination"], message["Dialstring"], message["Dialstring"]);
        }
        else if (message.Is("SubEvent", "End"))
        {
            OnDialEnd(e, null, message["DialStatus"], null, null);
        }
    }

    private void OnDialBegin(in AmiMessageContext e, string? destUid, string? destChannel, string? number, string? dialString)
    {
        var call = book.CallOf(book.ChannelOf(e.Live), e);
        if (call is null)
        {
            return;
        }

        AmiChannel? dest = null;
        if (destUid is not null && book.Channels.TryGetValue(destUid, out dest))
        {
            if (dest.CallId is null)
            {
                dest.CallId = call.CallId; // Uniqueid chain on PBXs without Linkedid
                call.Channels.Add(destUid);
            }

            dest.DialedAs ??= DialedNumber(dialString);
            if (dest.Ringing)
            {
                return;
            }

            dest.Ringing = true;
        }

        e.Emit(call.CallId, new CallRinging(dest is null ? DialedNumber(dialString) ?? Blank(number) : AmiCallBook.PartyOf(call, dest, Blank(number)), destChannel));
    }

    private void OnDialEnd(in AmiMessageContext e, string? destUid, string? status, string? number, string? destChannel)
    {
        var call = book.CallOf(book.ChannelOf(e.Live), e);
        if (call is null || !string.Equals(status, "ANSWER", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        AmiChannel? dest = null;
        if (destUid is not null && book.Channels.TryGetValue(destUid, out dest) && dest.AgentInterface is not null)
        {
            call.AnsweredInQueue = true;
        }

        book.Answer(e, call, AmiCallBook.PartyOf(call, dest, Blank(number)), destChannel);
    }

    /// <summary>The number in a Dial string: PJSIP/1001 → 1001, 13800138000@trunk → 13800138000, PJSIP/13800138000@trunk → 13800138000.</summary>
    private static string? DialedNumber(string? dialString)
    {
        if (Blank(dialString) is not { } s)
        {
            return null;
        }

        s = s.Split('&')[0];
        s = s[(s.IndexOf('/', StringComparison.Ordinal) + 1)..];
        var at = s.IndexOf('@', StringComparison.Ordinal);
        s = at >= 0 ? s[..at] : s;
        var comma = s.IndexOf(',', StringComparison.Ordinal);
        return Blank(comma >= 0 ? s[..comma] : s);
    }
}
