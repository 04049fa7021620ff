using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Adapters.Ami.Client;
using Middleware.Adapters.SipMirror.Hep;
using Middleware.Core.Journal;
using Middleware.Host.Configuration;
using Middleware.Host.Hosting;
using Middleware.Samples.Ami;
using Middleware.Samples.Mirror;
using Middleware.Samples.Pbx;
using Middleware.Samples.Scenarios;
using Middleware.TestSupport;

namespace Middleware.Host.Tests.Hosting;

/// <summary>
/// `run` with an AMI source and a HEP source: the PBX reports a call over AMI, the SBC mirrors its
/// SIP over HEP, and the call board shows one call, joined, with the mirror's view attached.
/// </summary>
public sealed class MirrorJoinTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static byte[] Hep(string sip, DateTimeOffset at, bool fromCaller) => HepWriter.Write(new HepPacket
    {
        IpProtocol = 17,
        SourceAddress = IPAddress.Parse(fromCaller ? "10.0.0.9" : "10.0.0.5"),
        DestinationAddress = IPAddress.Parse(fromCaller ? "10.0.0.5" : "10.0.0.9"),
        SourcePort = 5060,
        DestinationPort = 5060,
        CapturedAt = at,
        PayloadType = HepPayloadType.Sip,
        Payload = Encoding.ASCII.GetBytes(sip.Replace("\n", "\r\n")),
    });

    private static string Invite(string caller) => $"""
        INVITE sip:4008001234@10.0.0.5 SIP/2.0
        Via: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bK-join1
        From: <sip:{caller}@10.0.0.9>;tag=c1
        To: <sip:4008001234@10.0.0.5>
        Call-ID: join-1@10.0.0.9
        CSeq: 1 INVITE
        Contact: <sip:{caller}@10.0.0.9>
        Max-Forwards: 70
        Content-Length: 0


        """;

    [Fact]
    public async Task The_pbx_call_and_the_mirrored_sip_call_are_one_row_on_the_board()
    {
        await using var pbx = new AmiEmulator(new AmiEmulatorOptions { Speed = 50 });
        CallCenterStaff.Seat(pbx.Pbx);
        await pbx.StartAsync();
        var config = new MiddlewareConfig
        {
            Journal = new JournalOptions { Path = _dir.File("journal.db"), Durability = JournalDurability.Normal },
            Sources = new SourcesConfig
            {
                Ami = [new AmiSourceOptions { Name = "pbx", Port = pbx.Port, Username = "middleware", Secret = "middleware-secret" }],
                Hep = [new HepSourceOptions { Name = "sbc", UdpPort = 0 }],
            },
        };
        var runtime = await MiddlewareRuntime.StartAsync(config, NullLoggerFactory.Instance);
        try
        {
            await Eventually.True(() => runtime.Sources.OfType<AmiSource>().Single().Health.Healthy, "the AMI source to connect");

            var call = PbxCall.Inbound(pbx.Pbx, "13800138000", "王芳", "400");
            await call.EnterQueueAsync("support");
            var pbxId = "pbx:" + call.CallId;
            await Eventually.True(() => runtime.State.GetCall(pbxId) is not null, "the PBX call");

            // The SBC's capture clock agrees with the PBX's (NTP); the emulator runs its own clock, so the mirror copies it.
            var seenByPbx = runtime.State.GetCall(pbxId)!.StartedAt;
            using var udp = new UdpClient(AddressFamily.InterNetwork);
            await udp.SendAsync(Hep(Invite("13800138000"), seenByPbx.AddMilliseconds(-300), fromCaller: true), new IPEndPoint(IPAddress.Loopback, runtime.Sources.OfType<HepSource>().Single().UdpPort!.Value));
            await Eventually.True(() => runtime.State.GetCall(pbxId)?.JoinedCallId is not null, "the mirror call to join the PBX call",
                state: () => string.Join("\n", runtime.State.Calls(true).Select(c => $"{c.CallId} {c.Source} {c.CallerNumber} {c.StartedAt:O}")));

            var joined = runtime.State.GetCall(pbxId)!;
            Assert.Equal(("sbc:join-1@10.0.0.9", "caller-number"), (joined.JoinedCallId, joined.JoinedBy));
            Assert.Equal([pbxId], runtime.State.Calls().Select(c => c.CallId));
            Assert.Contains(runtime.Health(), h => h.Component == "hep:sbc" && h.Healthy);
        }
        finally
        {
            await runtime.StopAsync();
        }
    }

    [Fact]
    public async Task A_capture_interface_that_does_not_exist_is_reported_unhealthy_by_name_and_the_rest_keeps_serving()
    {
        var config = new MiddlewareConfig
        {
            Journal = new JournalOptions { Path = _dir.File("journal.db"), Durability = JournalDurability.Normal },
            Sources = new SourcesConfig
            {
                Hep = [new HepSourceOptions { Name = "sbc", UdpPort = 0 }],
                Capture = [new Adapters.SipMirror.Capture.CaptureSourceOptions { Name = "span", Interface = "nope0" }],
            },
        };
        var runtime = await MiddlewareRuntime.StartAsync(config, NullLoggerFactory.Instance);
        try
        {
            var health = runtime.Health();
            var capture = Assert.Single(health, h => h.Component == "capture:span");
            Assert.False(capture.Healthy);
            Assert.Contains("no interface 'nope0'", capture.Detail);
            Assert.Contains(health, h => h.Component == "hep:sbc" && h.Healthy);
        }
        finally
        {
            await runtime.StopAsync();
        }
    }
}
