using System.Text;
using Middleware.Adapters.SipMirror.Sip;

namespace Middleware.Adapters.Tests.SipMirror.Sip;

public sealed class SipParserTests
{
    internal const string Invite =
        "INVITE sip:8001@10.0.0.5 SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bK-524287-1;rport\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: \"Li Wei\" <sip:13800138000@10.0.0.9>;tag=as1f\r\n" +
        "To: <sip:8001@10.0.0.5>\r\n" +
        "Call-ID: 3c26700857b0-1@10.0.0.9\r\n" +
        "CSeq: 102 INVITE\r\n" +
        "Contact: <sip:13800138000@10.0.0.9:5060>\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 147\r\n" +
        "\r\n" +
        "v=0\r\n" +
        "o=- 1 1 IN IP4 10.0.0.9\r\n" +
        "s=-\r\n" +
        "c=IN IP4 10.0.0.9\r\n" +
        "t=0 0\r\n" +
        "m=audio 16000 RTP/AVP 0 101\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\n";

    [Fact]
    public void A_plain_invite_reads_its_identity_fields()
    {
        var message = SipParser.Parse(Encoding.ASCII.GetBytes(Invite), out var error)!;

        Assert.Null(error);
        Assert.True(message.IsRequest);
        Assert.Equal("sip:8001@10.0.0.5", message.RequestUri);
        Assert.Equal("3c26700857b0-1@10.0.0.9", message.CallId);
        Assert.Equal(new SipCSeq(102, "INVITE"), message.CSeq);
        Assert.Equal("as1f", message.FromTag);
        Assert.Null(message.ToTag);
        Assert.Equal("z9hG4bK-524287-1", message.ViaBranch);
        Assert.Equal(147, message.Body.Length);
        Assert.Same(SipMethods.Invite, message.Method);
    }

    [Fact]
    public void Every_truncated_prefix_is_an_error_never_an_exception_and_the_whole_message_parses()
    {
        var bytes = Encoding.ASCII.GetBytes(Invite);
        for (var length = 0; length < bytes.Length; length++)
        {
            var message = SipParser.Parse(bytes.AsMemory(0, length), out var error);
            Assert.True(message is null, $"prefix of {length} bytes parsed");
            Assert.NotNull(error);
        }

        Assert.NotNull(SipParser.Parse(bytes, out _));
    }

    [Fact]
    public void Bare_lf_line_ends_are_accepted()
    {
        var message = SipParser.Parse(Encoding.ASCII.GetBytes(Invite.Replace("\r\n", "\n").Replace("Content-Length: 147", "Content-Length: 139")), out var error);

        Assert.True(message is not null, error?.ToString());
    }

    [Theory]
    [InlineData("INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z\r\nbroken header\r\n\r\n", "header line without ':'")]
    [InlineData(" leading\r\n\r\n", "neither a request nor a response")]
    [InlineData("SIP/2.0 20 OK\r\n\r\n", "status code '20'")]
    [InlineData("INVITE sip:a@b SIP/2.0\r\n folded first\r\n\r\n", "continuation line before any header")]
    public void Malformed_messages_name_what_is_wrong(string text, string reason)
    {
        Assert.Null(SipParser.Parse(Encoding.UTF8.GetBytes(text), out var error));
        Assert.Contains(reason, error!.Reason);
    }

    [Fact]
    public void The_kind_of_wrong_leaves_out_the_input_it_quotes_so_counters_stay_few()
    {
        var errors = new[] { "X-A B", "X-C D" }.Select(name =>
        {
            Assert.Null(SipParser.Parse(Encoding.UTF8.GetBytes($"INVITE sip:a@b SIP/2.0\r\n{name}: 1\r\n\r\n"), out var error));
            return error!;
        }).ToList();

        Assert.Equal(["malformed header name 'X-A B'", "malformed header name 'X-C D'"], errors.Select(e => e.Reason));
        Assert.All(errors, e => Assert.Equal("malformed header name", e.Problem));
    }

    [Fact]
    public void Random_bit_flips_and_cuts_never_throw()
    {
        var random = new Random(4475);
        var original = Encoding.ASCII.GetBytes(Invite);
        var parsed = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = original.AsSpan(0, random.Next(original.Length + 1)).ToArray();
            for (var flips = random.Next(1, 6); flips > 0 && bytes.Length > 0; flips--)
            {
                bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
            }

            if (SipParser.Parse(bytes, out var error) is { } message)
            {
                parsed++;
                _ = SipValidator.Validate(message);
                _ = (message.CallId, message.FromTag, message.ToTag, message.ViaBranch, message.ReasonPhrase);
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(error!.Reason));
            }
        }

        Assert.InRange(parsed, 1, 19_999);
    }
}
