using System.Collections.Frozen;

namespace Middleware.Core.Privacy;

/// <summary>
/// The fields that carry a call's addressing, not what anyone said: caller and dialed numbers,
/// channels, SIP addresses, agents, queues, ids. A phone number there is kept (the CRM finds the
/// customer by it, repeat callers and callbacks are counted by it, and the PBX's own CDRs already hold
/// it); everything else the redactor finds (cards, resident IDs, CVVs, e-mail) is replaced there too.
/// Every other text field is free text and loses phone numbers as well: a caller name, a transcript,
/// a note, an IVR answer, a ticket summary. A field added later is free text until it is named here.
/// Names are matched without case: JSON properties of the events, AMI keys, SIP headers, write-back parameters.
/// </summary>
public static class IdentityFields
{
    public static readonly FrozenSet<string> Names = new[]
    {
        // event payloads (JSON names)
        "callerNumber", "dialedNumber", "number", "hungUpByNumber", "customerNumber", "channel", "sipCallId", "targetCallId",
        "callId", "answeredBy", "agent", "suggestedAgent", "party", "target", "transferredBy", "queue", "requestId", "ticketId",
        // AMI keys (Asterisk manager events: CallerIDNum and ConnectedLineNum are the numbers, the rest addressing)
        "CallerIDNum", "ConnectedLineNum", "DestCallerIDNum", "DestConnectedLineNum", "Exten", "DestExten", "Extension",
        "DestChannel", "Uniqueid", "Linkedid", "DestUniqueid", "DestLinkedid", "BridgeUniqueid", "Interface", "StateInterface",
        "Location", "Context", "DestContext", "Peer", "DialString", "Destination", "Src", "Dst", "Source", "TargetChannel",
        "TransferTargetChannel", "TransfereeChannel", "OrigTransfererChannel", "SecondTransfererChannel", "Member", "MemberName",
        "AccountCode", "ActionID", "Address", "Cause", "Event", "Response", "agi_callerid", "agi_dnid", "agi_rdnis", "agi_channel",
        "agi_uniqueid", "agi_extension", "agi_context", "agi_request", "agi_network_script",
        // SIP (RFC 3261 §20): addressing and dialog identification, and the SDP body's origin line
        "From", "To", "Contact", "P-Asserted-Identity", "P-Preferred-Identity", "Remote-Party-ID", "Diversion", "History-Info",
        "Call-ID", "Via", "CSeq", "Route", "Record-Route", "Refer-To", "Referred-By", "Request-Line", "f", "t", "m", "i", "v",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static bool Contains(string? name) => name is not null && Names.Contains(name);
}
