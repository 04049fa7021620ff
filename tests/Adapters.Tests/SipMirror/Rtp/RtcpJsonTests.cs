using System.Text;
using Middleware.Adapters.SipMirror.Rtp;

namespace Middleware.Adapters.Tests.SipMirror.Rtp;

public sealed class RtcpJsonTests
{
    [Fact]
    public void Asterisk_res_hep_rtcp_reports_read_with_the_lsr_as_a_string()
    {
        // rtcp_report_to_json (main/rtp_engine.c): a receiver report, sender_information null, lsr a string.
        var json = """{"ssrc":1234,"type":201,"report_count":1,"sender_information":null,"report_blocks":[{"source_ssrc":4321,"fraction_lost":26,"packets_lost":50,"highest_seq_no":70000,"ia_jitter":160,"lsr":"0","dlsr":0}]}""";

        var report = Assert.Single(RtcpJson.Parse(Encoding.UTF8.GetBytes(json), out var error)!);

        Assert.Null(error);
        Assert.Equal(new RtcpReport(1234, 4321, 26 / 256.0, 50, 160), report);
    }

    [Fact]
    public void Rtpengine_sender_reports_with_sdes_read_too()
    {
        var json = """{"sender_information":{"ntp_timestamp_sec":3667834977,"ntp_timestamp_usec":2355549043,"octets":82240,"rtp_timestamp":84679,"packets":514},"ssrc":3724882677,"type":200,"report_count":1,"report_blocks":[{"source_ssrc":2062957521,"highest_seq_no":4663,"fraction_lost":0,"ia_jitter":13,"packets_lost":0,"lsr":3093100159,"dlsr":296222}],"sdes_ssrc":3724882677,"sdes_report_count":1,"sdes_information":[]}""";

        var report = Assert.Single(RtcpJson.Parse(Encoding.UTF8.GetBytes(json), out _)!);

        Assert.Equal(new RtcpReport(3724882677, 2062957521, 0, 0, 13), report);
    }

    [Theory]
    [InlineData("{\"ssrc\":1,\"type\":202}", "JSON RTCP without report_blocks")]
    [InlineData("{\"ssrc\":1,\"report_blocks\":[{\"source_ssrc\":", "JSON RTCP is not valid JSON")]
    [InlineData("[1,2]", "JSON RTCP without report_blocks")]
    public void What_is_not_a_report_is_named(string json, string reason)
    {
        Assert.Null(RtcpJson.Parse(Encoding.UTF8.GetBytes(json), out var error));
        Assert.StartsWith(reason, error!.Message);
    }
}
