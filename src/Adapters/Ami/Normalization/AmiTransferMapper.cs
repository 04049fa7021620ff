using static Middleware.Adapters.Ami.Normalization.AmiFieldValues;

namespace Middleware.Adapters.Ami.Normalization;

/// <summary>
/// Transfers: BlindTransfer and AttendedTransfer (Asterisk 12+, with each party's Linkedid) and
/// the single Transfer event of older versions.
/// </summary>
internal sealed class AmiTransferMapper(AmiCallBook book)
{
    public void OnBlindTransfer(in AmiMessageContext e)
    {
        var message = e.Live;
        var callId = message["TransfererLinkedid"] ?? message["TransfereeLinkedid"] ?? book.CallIdOf(message);
        e.Emit(callId, new CallTransferred(TransferKind.Blind, message["Extension"], Transferer(message, "Transferer"), null, message["Result"]));
    }

    /// <summary>The target is the second call's other party (the consulted one), else the app the call went to.</summary>
    public void OnAttendedTransfer(in AmiMessageContext e)
    {
        var message = e.Live;
        var callId = message["OrigTransfererLinkedid"] ?? book.CallIdOf(message);
        var target = Blank(message["SecondTransfererConnectedLineNum"]) ?? Blank(message["TransferTargetCallerIDNum"]) ?? message["DestApp"];
        e.Emit(callId, new CallTransferred(TransferKind.Attended, target, Transferer(message, "OrigTransferer"), message["SecondTransfererLinkedid"], message["Result"]));
    }

    /// <summary>
    /// Who transferred: the agent, named by the member interface app_queue connected, when the
    /// transferer's leg is not the caller's. The transferer channel's CallerIDNum is no name for
    /// it: a leg Asterisk dials carries the caller's number as its caller id (app_dial.c copies the
    /// caller's id to the outgoing channel so the phone shows who calls, and Local channels pass
    /// it on), so it names the caller.
    /// </summary>
    private string? Transferer(Protocol.AmiMessage message, string prefix)
    {
        var number = Blank(message[prefix + "CallerIDNum"]);
        if (message[prefix + "Uniqueid"] is not { } uid || !book.Channels.TryGetValue(uid, out var leg) || leg.CallId is null
            || !book.Calls.TryGetValue(leg.CallId, out var call) || uid == call.OriginUniqueid)
        {
            return number;
        }

        return leg.AgentInterface ?? call.AgentInterface ?? PeerOf(leg.Name) ?? number;
    }

    /// <summary>Transfer (Asterisk before 12): TransferType Attended or Blind.</summary>
    public void OnOldTransfer(in AmiMessageContext e)
    {
        var message = e.Live;
        var kind = message.Is("TransferType", "Attended") ? TransferKind.Attended : TransferKind.Blind;
        e.Emit(book.CallIdOf(message), new CallTransferred(kind, message["TransferExten"], Blank(message["CallerIDNum"]), null, null));
    }
}
