namespace Middleware.Samples.Mirror;

/// <summary>
/// One SIP dialog on the trunk between a carrier and the PBX (RFC 3261 §12), as the SBC mirrors it: the
/// carrier's INVITE with its SDP offer, the PBX's 200 OK answering PCMU (RFC 3264), ACK, BYE and its 200.
/// </summary>
internal sealed record TrunkDialog(string CallId, string CallerNumber, string Dialed, int CallerMediaPort, int PbxMediaPort)
{
    private const string CarrierHost = "198.51.100.7";
    private const string PbxHost = "192.0.2.10";
    private string FromHeader => $"From: <sip:{CallerNumber}@{CarrierHost}>;tag=carrier-{CallerMediaPort}";
    private string ToHeader(bool tagged) => $"To: <sip:{Dialed}@{PbxHost}>" + (tagged ? $";tag=pbx-{PbxMediaPort}" : "");

    public string Invite() => Message($"INVITE sip:{Dialed}@{PbxHost} SIP/2.0", "z9hG4bK-inv", tagged: false, 1, "INVITE", Sdp(CarrierHost, CallerMediaPort), $"<sip:{CallerNumber}@{CarrierHost}:5060>");

    public string Ok() => Message("SIP/2.0 200 OK", "z9hG4bK-inv", tagged: true, 1, "INVITE", Sdp(PbxHost, PbxMediaPort), $"<sip:{Dialed}@{PbxHost}:5060>");

    public string Ack() => Message($"ACK sip:{Dialed}@{PbxHost}:5060 SIP/2.0", "z9hG4bK-ack", tagged: true, 1, "ACK", null, null);

    /// <summary>The BYE, from whichever side hung up (the From/To of the dialog stay the INVITE's either way in this mirror).</summary>
    public string Bye(bool byCaller) => Message(byCaller ? $"BYE sip:{Dialed}@{PbxHost}:5060 SIP/2.0" : $"BYE sip:{CallerNumber}@{CarrierHost}:5060 SIP/2.0", "z9hG4bK-bye", tagged: true, 2, "BYE", null, null);

    public string ByeOk(bool byCaller) => Message("SIP/2.0 200 OK", "z9hG4bK-bye", tagged: true, 2, "BYE", null, null);

    private static string Sdp(string host, int port) =>
        $"v=0\r\no=- {port} 1 IN IP4 {host}\r\ns=-\r\nc=IN IP4 {host}\r\nt=0 0\r\nm=audio {port} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=ptime:20\r\na=sendrecv\r\n";

    private string Message(string startLine, string branch, bool tagged, int cseq, string method, string? sdp, string? contact)
    {
        var lines = new List<string>
        {
            startLine,
            $"Via: SIP/2.0/UDP {CarrierHost}:5060;branch={branch}-{CallerMediaPort}",
            FromHeader,
            ToHeader(tagged),
            $"Call-ID: {CallId}",
            $"CSeq: {cseq} {method}",
        };
        if (contact is not null)
        {
            lines.Add($"Contact: {contact}");
        }

        if (sdp is not null)
        {
            lines.Add("Content-Type: application/sdp");
        }

        lines.Add($"Content-Length: {sdp?.Length ?? 0}");
        return string.Join("\r\n", lines) + "\r\n\r\n" + sdp;
    }
}
