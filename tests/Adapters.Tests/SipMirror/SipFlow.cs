using System.Text;
using Middleware.Adapters.SipMirror.Sip;

namespace Middleware.Adapters.Tests.SipMirror;

/// <summary>Builds the SIP messages of one call the way a UAC, a UAS and a proxy between them write them.</summary>
internal sealed class SipFlow(string callId, string caller = "13800138000", string callee = "8001", string callerTag = "c-tag")
{
    public string CallId { get; } = callId;

    public string CallerTag { get; } = callerTag;

    public static string Sdp(string address, int port, string direction = "sendrecv") =>
        "v=0\r\no=- 1 1 IN IP4 " + address + "\r\ns=-\r\nc=IN IP4 " + address + "\r\nt=0 0\r\n" +
        $"m=audio {port} RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=ptime:20\r\na={direction}\r\n";

    public SipMessage Invite(uint cseq = 1, string? sdp = null, string branch = "z9hG4bK-1") =>
        Request("INVITE", $"sip:{callee}@10.0.0.5", cseq, toTag: null, sdp ?? Sdp("10.0.0.9", 16000), branch);

    public SipMessage ReInvite(string fromTag, string toTag, uint cseq, string sdp, bool fromCallee = false) =>
        Request("INVITE", $"sip:{(fromCallee ? caller : callee)}@10.0.0.9", cseq, toTag, sdp, "z9hG4bK-re" + cseq, fromTag, fromCallee);

    public SipMessage Request(string method, string uri, uint cseq, string? toTag, string? body = null, string branch = "z9hG4bK-x", string? fromTag = null, bool fromCallee = false, string? extra = null)
    {
        var (fromUser, toUser) = fromCallee ? (callee, caller) : (caller, callee);
        var text = new StringBuilder()
            .Append($"{method} {uri} SIP/2.0\r\n")
            .Append($"Via: SIP/2.0/UDP 10.0.0.9:5060;branch={branch}\r\n")
            .Append("Max-Forwards: 70\r\n")
            .Append($"From: <sip:{fromUser}@10.0.0.9>;tag={fromTag ?? CallerTag}\r\n")
            .Append($"To: <sip:{toUser}@10.0.0.5>{(toTag is null ? "" : ";tag=" + toTag)}\r\n")
            .Append($"Call-ID: {CallId}\r\n")
            .Append($"CSeq: {cseq} {method}\r\n")
            .Append($"Contact: <sip:{fromUser}@10.0.0.9:5060>\r\n")
            .Append(extra ?? "");
        return Finish(text, body);
    }

    public SipMessage Response(int status, string reason, string method, uint cseq, string? toTag, string? body = null, string? contactUser = null, string? fromTag = null, bool toCallee = false)
    {
        var (fromUser, toUser) = toCallee ? (callee, caller) : (caller, callee);
        var text = new StringBuilder()
            .Append($"SIP/2.0 {status} {reason}\r\n")
            .Append("Via: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bK-1\r\n")
            .Append($"From: <sip:{fromUser}@10.0.0.9>;tag={fromTag ?? CallerTag}\r\n")
            .Append($"To: <sip:{toUser}@10.0.0.5>{(toTag is null ? "" : ";tag=" + toTag)}\r\n")
            .Append($"Call-ID: {CallId}\r\n")
            .Append($"CSeq: {cseq} {method}\r\n")
            .Append($"Contact: <sip:{contactUser ?? toUser}@10.0.0.5:5060>\r\n");
        return Finish(text, body);
    }

    private static SipMessage Finish(StringBuilder text, string? body)
    {
        if (body is not null)
        {
            text.Append("Content-Type: application/sdp\r\n");
        }

        text.Append($"Content-Length: {Encoding.ASCII.GetByteCount(body ?? "")}\r\n\r\n").Append(body);
        return SipParser.Parse(Encoding.ASCII.GetBytes(text.ToString()), out var error) ?? throw new InvalidOperationException(error!.ToString());
    }
}
