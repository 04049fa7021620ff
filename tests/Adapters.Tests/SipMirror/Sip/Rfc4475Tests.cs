using Middleware.Adapters.SipMirror.Sip;

namespace Middleware.Adapters.Tests.SipMirror.Sip;

/// <summary>
/// RFC 4475 (SIP torture test messages), written from the RFC's text into Rfc4475/*.dat with CRLF
/// line ends and the bytes its &lt;hex&gt; notation stands for. Each file is accepted or rejected as
/// the RFC says; a rejection names a reason.
/// </summary>
public sealed class Rfc4475Tests
{
    public static TheoryData<string> Valid() =>
    [
        "wsinv", "intmeth", "esc01", "escnull", "esc02", "lwsdisp", "longreq", "dblreq", "semiuri", "transports", "mpart01",
        "unreason", "noreason", "unkscm", "novelsc", "unksm2", "bext01", "invut", "regaut01", "bcast", "zeromf", "cparam01",
        "cparam02", "regescrt", "sdp01", "inv2543",
    ];

    public static TheoryData<string, string> Invalid() => new()
    {
        { "badinv01", "empty parameter" },
        { "clerr", "Content-Length 9999" },
        { "ncl", "negative Content-Length" },
        { "scalar02", "CSeq number" },
        { "scalarlg", "CSeq number" },
        { "quotbal", "unterminated quoted" },
        { "ltgtruri", "enclosed in <>" },
        { "lwsruri", "more than three elements" },
        { "lwsstart", "more than one space" },
        { "trws", "extra whitespace" },
        { "escruri", "may not carry headers" },
        { "baddate", "GMT" },
        { "regbadct", "must be enclosed in <>" },
        { "badaspec", "whitespace inside <uri>" },
        { "baddn", "must be quoted" },
        { "badvers", "unsupported SIP version 'SIP/7.0'" },
        { "mismatch01", "CSeq method INVITE does not match the request method OPTIONS" },
        { "mismatch02", "does not match the request method NEWMETHOD" },
        { "bigcode", "status code" },
        { "insuf", "missing required header(s): Call-ID, From, To" },
        { "multi01", "appears 2 times" },
        { "mcl01", "Content-Length appears 2 times" },
    };

    private static byte[] Load(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "SipMirror", "Rfc4475", name + ".dat"));

    [Theory]
    [MemberData(nameof(Valid))]
    public void Valid_torture_messages_are_accepted(string name)
    {
        var message = SipInspection.Inspect(Load(name), out var error);

        Assert.True(message is not null, $"{name}: {error}");
        Assert.False(string.IsNullOrEmpty(message.CallId));
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_torture_messages_are_rejected_with_the_reason(string name, string reason)
    {
        var message = SipInspection.Inspect(Load(name), out var error);

        Assert.Null(message);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void The_tortuous_invite_reads_through_folding_compact_forms_and_odd_spacing()
    {
        var message = SipInspection.Inspect(Load("wsinv"), out var error)!;

        Assert.Null(error);
        Assert.Equal("INVITE", message.Method);
        Assert.Equal("wsinv.ndaksdj@192.0.2.1", message.CallId);
        Assert.Equal(new SipCSeq(9, "INVITE"), message.CSeq);
        Assert.Equal("98asjd8", message.FromTag);
        Assert.Equal("1918181833n", message.ToTag);
        Assert.Equal("390skdjuw", message.ViaBranch);
        Assert.Equal(2, message.Count(SipHeaderId.Via));
        Assert.Equal("newfangled value continued newfangled value", message.Header("NewFangledHeader"));
        Assert.Equal("application/sdp", message.ContentType);
        Assert.StartsWith("v=0", System.Text.Encoding.ASCII.GetString(message.Body.Span));
        var vias = SipVia.ParseAll(message.Headers(SipHeaderId.Via).Last(), out _)!;
        Assert.Equal(["TCP", "UDP"], vias.Select(v => v.Transport));
        Assert.Equal(["z9hG4bK9ikj8", "z9hG4bK30239"], vias.Select(v => v.Branch));
    }

    [Fact]
    public void Escaped_characters_in_uris_are_kept_escaped_and_the_user_is_unescaped_on_demand()
    {
        var message = SipInspection.Inspect(Load("esc01"), out _)!;

        Assert.Equal("sip:sips%3Auser%40example.com@example.net", message.RequestUri);
        Assert.Equal("user", SipNameAddress.Parse(message.Header(SipHeaderId.To)!, out _)!.User);
    }

    [Fact]
    public void Only_the_first_message_of_a_double_datagram_is_read()
    {
        var message = SipInspection.Inspect(Load("dblreq"), out _)!;

        Assert.Equal("REGISTER", message.Method);
        Assert.True(message.Body.IsEmpty);
        Assert.EndsWith("\r\n\r\n", System.Text.Encoding.ASCII.GetString(message.Raw.Span));
    }

    [Fact]
    public void Responses_keep_unusual_reason_phrases_and_empty_ones()
    {
        Assert.Equal("= 2**3 * 5**2 но сто девяносто девять - простое", SipInspection.Inspect(Load("unreason"), out _)!.ReasonPhrase);
        var trying = SipInspection.Inspect(Load("noreason"), out _)!;
        Assert.Equal(100, trying.StatusCode);
        Assert.Equal("", trying.ReasonPhrase);
        Assert.Equal("INVITE", trying.Method);
    }
}
