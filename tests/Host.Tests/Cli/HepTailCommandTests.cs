using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Middleware.Adapters.SipMirror.Hep;
using Middleware.Samples.Mirror;
using Middleware.TestSupport;

namespace Middleware.Host.Tests.Cli;

/// <summary>`middleware hep tail` as an integrator runs it while pointing an SBC's HEP output at it.</summary>
public sealed class HepTailCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static byte[] Hep(string sip, bool fromCaller) => HepWriter.Write(new HepPacket
    {
        IpProtocol = 17,
        SourceAddress = IPAddress.Parse(fromCaller ? "10.0.0.9" : "10.0.0.5"),
        DestinationAddress = IPAddress.Parse(fromCaller ? "10.0.0.5" : "10.0.0.9"),
        SourcePort = 5060,
        DestinationPort = 5060,
        CapturedAt = DateTimeOffset.UtcNow,
        PayloadType = HepPayloadType.Sip,
        AuthKey = "k",
        Payload = Encoding.ASCII.GetBytes(sip.Replace("\n", "\r\n")),
    });

    private static string Message(string start, string cseq, string? toTag) => $"""
        {start}
        Via: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bK-tail{cseq.Length}
        From: "Li Wei" <sip:13800138000@10.0.0.9>;tag=c1
        To: <sip:8001@10.0.0.5>{(toTag is null ? "" : ";tag=" + toTag)}
        Call-ID: tail-1@10.0.0.9
        CSeq: {cseq}
        Content-Length: 0


        """;

    [Fact]
    public async Task Tail_prints_the_calls_an_sbc_mirrors_as_json_lines()
    {
        var port = Ports.FreeUdp();
        var config = _dir.File("hep.yaml");
        await File.WriteAllTextAsync(config, $"""
            sources:
              hep:
                - name: sbc-tail
                  udp_port: {port}
                  auth_key: k
                  calls:
                    internal_numbers: "^8\\d{"{"}3{"}"}$"
            logging:
              level: warning
            """);
        using var child = Process.Start(MiddlewareProcess.StartInfo(["hep", "tail", "--config", config]))!;
        try
        {
            string? listening;
            do
            {
                listening = await child.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)); // warnings (a small kernel buffer) may come first
            }
            while (listening is not null && !listening.StartsWith("hep tail:", StringComparison.Ordinal));

            _ = child.StandardError.ReadToEndAsync();
            Assert.Equal($"hep tail: sbc-tail listening on 127.0.0.1 udp {port} tcp off", listening);
            using var udp = new UdpClient(AddressFamily.InterNetwork);
            var to = new IPEndPoint(IPAddress.Loopback, port);
            await udp.SendAsync(Hep(Message("INVITE sip:8001@10.0.0.5 SIP/2.0", "1 INVITE", null), fromCaller: true), to);
            await udp.SendAsync(Hep(Message("SIP/2.0 200 OK", "1 INVITE", "a1"), fromCaller: false), to);
            await udp.SendAsync(Hep(Message("BYE sip:8001@10.0.0.5 SIP/2.0", "2 BYE", "a1"), fromCaller: true), to);

            var lines = new List<string>();
            while (await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) is { } line)
            {
                lines.Add(line);
                if (line.Contains("\"kind\":\"CallEnded\"", StringComparison.Ordinal))
                {
                    break;
                }
            }

            Assert.Equal(3, lines.Count);
            Assert.Contains("\"kind\":\"CallStarted\"", lines[0]);
            Assert.Contains("\"callId\":\"sbc-tail:tail-1@10.0.0.9\"", lines[0]);
            Assert.Contains("\"direction\":\"Inbound\"", lines[0]);
            Assert.Contains("\"kind\":\"CallAnswered\"", lines[1]);
        }
        finally
        {
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Sigterm_ends_the_tail_with_its_closing_summary_and_exit_0()
    {
        // Before: SIGTERM ended the process without the summary (issue 16, item 17).
        var port = Ports.FreeUdp();
        var config = _dir.File("hep-stop.yaml");
        await File.WriteAllTextAsync(config, $"sources:\n  hep:\n    - name: sbc-stop\n      udp_port: {port}\nlogging:\n  level: warning\n");
        using var child = Process.Start(MiddlewareProcess.StartInfo(["hep", "tail", "--config", config]))!;
        _ = child.StandardOutput.ReadToEndAsync();
        string? line;
        do
        {
            line = await child.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        while (line is not null && !line.StartsWith("hep tail:", StringComparison.Ordinal));

        using (var kill = Process.Start("kill", ["-TERM", child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        var rest = await child.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await child.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, child.ExitCode);
        Assert.Contains("hep tail: 0 packet(s), 0 rejected", rest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_hep_source_it_says_so_and_exits_1()
    {
        var config = _dir.File("none.yaml");
        await File.WriteAllTextAsync(config, "logging:\n  level: warning\n");

        var (code, _, stderr) = await MiddlewareProcess.RunAsync(["hep", "tail", "--config", config]);

        Assert.Equal(1, code);
        Assert.Contains("hep tail: no HEP source configured", stderr);
    }
}
