using Middleware.Core.Events;
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
        e.Emit(callId, new CallTransferred(TransferKind.Blind, message["Extension"], Blank(message["TransfererCallerIDNum"]), null, message["Result"]));
    }

    /// <summary>The target is the second call's other party (the consulted one), else the app the call went to.</summary>
    public void OnAttendedTransfer(in AmiMessageContext e)
    {
        var message = e.Live;
        var callId = message["OrigTransfererLinkedid"] ?? book.CallIdOf(message);
        var target = Blank(message["SecondTransfererConnectedLineNum"]) ?? Blank(message["TransferTargetCallerIDNum"]) ?? message["DestApp"];
        e.Emit(callId, new CallTransferred(TransferKind.Attended, target, Blank(message["OrigTransfererCallerIDNum"]), message["SecondTransfererLinkedid"], message["Result"]));
    }

    /// <summary>Transfer (Asterisk before 12): TransferType Attended or Blind.</summary>
    public void OnOldTransfer(in AmiMessageContext e)
    {
        var message = e.Live;
        var kind = message.Is("TransferType", "Attended") ? TransferKind.Attended : TransferKind.Blind;
        e.Emit(book.CallIdOf(message), new CallTransferred(kind, message["TransferExten"], Blank(message["CallerIDNum"]), null, null));
    }
}
