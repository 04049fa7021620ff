using System.Text;

namespace Middleware.Benchmarks.SipMirror;

/// <summary>The SIP of answered calls as a proxy's mirror carries them: INVITE, 100, 180, 200, ACK, BYE, 200 (sipp/Kamailio shaped).</summary>
internal static class SipMessages
{
    public static string Sdp(string address, int port) =>
        $"v=0\r\no=user1 53655765 2353687637 IN IP4 {address}\r\ns=-\r\nc=IN IP4 {address}\r\nt=0 0\r\n" +
        $"m=audio {port} RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\na=sendrecv\r\n";

    public static byte[][] Call(int n, string caller = "13800138000", int callerMedia = 16000, int agentMedia = 20000)
    {
        var callId = $"{n}-28306@10.0.0.9";
        var via = $"Via: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK{n:x8}.0;rport\r\nVia: SIP/2.0/UDP 10.0.0.9:5061;received=10.0.0.9;rport=5061;branch=z9hG4bK-28306-{n}-0\r\n";
        var from = $"From: \"Li Wei\" <sip:{caller}@10.0.0.9:5061>;tag=28306SIPpTag00{n}\r\n";
        string To(bool tag) => $"To: <sip:8001@10.0.0.2:5060>{(tag ? $";tag=28307SIPpTag01{n}" : "")}\r\n";
        string Message(string start, string cseq, bool toTag, string? body = null, string extra = "") =>
            start + "\r\n" + via + from + To(toTag) + $"Call-ID: {callId}\r\nCSeq: {cseq}\r\n" + extra +
            (body is null ? "" : "Content-Type: application/sdp\r\n") + $"Content-Length: {Encoding.ASCII.GetByteCount(body ?? "")}\r\n\r\n" + body;
        var contact = "Contact: <sip:8001@10.0.0.5:5062;transport=UDP>\r\n";
        var recordRoute = "Record-Route: <sip:10.0.0.2;lr=on;ftag=28306SIPpTag00" + n + ">\r\n";
        string[] messages =
        [
            Message("INVITE sip:8001@10.0.0.2:5060 SIP/2.0", "1 INVITE", false, Sdp("10.0.0.9", callerMedia), "Contact: sip:" + caller + "@10.0.0.9:5061\r\nMax-Forwards: 69\r\nSubject: Performance Test\r\nUser-Agent: sipp\r\n"),
            Message("SIP/2.0 100 Trying", "1 INVITE", false),
            Message("SIP/2.0 180 Ringing", "1 INVITE", true, extra: recordRoute + contact),
            Message("SIP/2.0 200 OK", "1 INVITE", true, Sdp("10.0.0.5", agentMedia), recordRoute + contact),
            Message("ACK sip:8001@10.0.0.5:5062;transport=UDP SIP/2.0", "1 ACK", true, extra: "Route: <sip:10.0.0.2;lr=on;ftag=28306SIPpTag00" + n + ">\r\nMax-Forwards: 69\r\n"),
            Message("BYE sip:8001@10.0.0.5:5062;transport=UDP SIP/2.0", "2 BYE", true, extra: "Route: <sip:10.0.0.2;lr=on;ftag=28306SIPpTag00" + n + ">\r\nMax-Forwards: 69\r\n"),
            Message("SIP/2.0 200 OK", "2 BYE", true),
        ];
        return messages.Select(Encoding.ASCII.GetBytes).ToArray();
    }
}
