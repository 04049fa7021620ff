using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Text;
using Middleware.Adapters.Ami.Framing;
using Middleware.Adapters.FastAgi.Framing;
using Middleware.Adapters.SipMirror;
using Middleware.Adapters.SipMirror.Capture;
using Middleware.Adapters.SipMirror.Dialogs;
using Middleware.Adapters.SipMirror.Hep;
using Middleware.Adapters.SipMirror.Rtp;
using Middleware.Adapters.SipMirror.Sdp;
using Middleware.Adapters.SipMirror.Sip;
using Middleware.Adapters.Stomp.Framing;
using Middleware.Samples.Mirror;

namespace Middleware.Fuzzing;

/// <summary>
/// Every parser that reads bytes from outside (issue 16): AMI, SIP, SDP, HEP, RTP/RTCP, STOMP,
/// pcap files and FastAGI. The unit suite runs each for a fixed number of seeded inputs and every
/// truncation of its corpus; the fuzz runner runs them for minutes.
/// </summary>
public static class ParserTargets
{
    private static string Corpus(string folder) => Path.Combine(AppContext.BaseDirectory, "corpus", folder);

    public static IReadOnlyList<FuzzTarget> All(string scratchDirectory) =>
    [
        new("ami", [.. Files("ami"), .. Texts(AmiSamples)], Ami),
        new("sip", Files("sip"), Sip),
        new("sdp", Texts(SdpSamples), input => SdpParser.Parse(input, out _)),
        new("hep", HepSamples(), Hep),
        new("rtp-rtcp", RtpSamples(), Rtp),
        new("stomp", Texts(StompSamples), Stomp, ex => ex is StompProtocolException),
        new("fastagi", Files("fastagi"), FastAgi),
        new("pcap", Files("pcap"), input => Pcap(input, scratchDirectory), ex => ex is SharpPcap.PcapException), // what libpcap cannot open, replay pcap reports
    ];

    private static readonly string[] AmiSamples =
    [
        "Asterisk Call Manager/7.0.3\r\nResponse: Success\r\nActionID: mw-1\r\nMessage: Authentication accepted\r\n\r\n",
        "Response: Follows\r\nPrivilege: Command\r\nActionID: mw-7\r\nName/username             Host\r\n1001/1001                 10.0.0.5\r\n\r\n2 sip peers\n--END COMMAND--\r\n\r\n",
        "Response: Follows\r\nActionID: mw-8\r\ncore uptime: 1 day\r\n\r\nEvent: FullyBooted\r\n\r\n",
        "Event: Hangup\nChannel: PJSIP/1001-00000002\nCause: 16\nCause-txt: Normal Clearing\n\n",
    ];

    private static readonly string[] SdpSamples =
    [
        "v=0\r\no=- 1 1 IN IP4 10.0.0.9\r\ns=-\r\nc=IN IP4 10.0.0.9\r\nt=0 0\r\nm=audio 16000 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\na=sendrecv\r\n",
        "v=0\no=x 2 2 IN IP6 2001:db8::5\ns=-\nt=0 0\nm=audio 20000/2 RTP/AVP 8\nc=IN IP6 2001:db8::5\na=sendonly\nm=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000/1\n",
    ];

    private static readonly string[] StompSamples =
    [
        "CONNECTED\nversion:1.2\nserver:ActiveMQ/5.17.2\nheart-beat:10000,10000\n\n\0\n\r\n",
        "MESSAGE\r\nsubscription:sub-1\r\nmessage-id:ID\\cx-1\r\ndestination:/queue/a\r\nack:ack-1\r\ncontent-length:5\r\n\r\nab\0cd\0",
        "RECEIPT\nreceipt-id:r-7\n\n\0ERROR\nmessage:bad things\ncontent-type:text/plain\n\nthe details\0",
    ];

    private static List<byte[]> Files(string folder) =>
        [.. Directory.EnumerateFiles(Corpus(folder)).Order(StringComparer.Ordinal).Select(File.ReadAllBytes)];

    private static List<byte[]> Texts(IEnumerable<string> texts) => [.. texts.Select(Encoding.UTF8.GetBytes)];

    private static void Ami(byte[] input)
    {
        var parser = new AmiFrameParser(new AmiParserOptions { ExpectBanner = true, MaxMessageBytes = 4096 });
        var buffer = new ReadOnlySequence<byte>(input);
        while (parser.TryRead(ref buffer, out var frame) || parser.TryReadFinal(ref buffer, out frame))
        {
            if (frame.Message is { } message)
            {
                for (var i = 0; i < message.Count; i++)
                {
                    _ = (message.KeyAt(i), message.ValueAt(i));
                }

                Check(message.StreamOffset, input.Length, "AMI message offset");
            }

            foreach (var problem in frame.Error is { } e ? [e] : frame.Message?.Problems ?? [])
            {
                Check(problem.Offset, input.Length, "AMI framing error offset");
            }
        }

        Check(parser.StreamOffset, input.Length, "AMI stream offset", exact: true);
    }

    private static void Sip(byte[] input)
    {
        if (SipParser.Parse(input, out _) is { } message)
        {
            _ = (message.CallId, message.FromTag, message.ToTag, message.ViaBranch, message.CSeq, message.RequestUri, message.ReasonPhrase);
            _ = message.AllHeaders().Count();
        }

        var stream = new ReadOnlySequence<byte>(input);
        while (SipStreamFramer.TryRead(ref stream, out _, out var error) || (error is not null && stream.Length > 0))
        {
        }

        var processor = new SipMirrorProcessor(new SipCallTrackerOptions(), new RtpOptions { EmitAudio = false });
        var output = new List<SipCallEvent>();
        var at = DateTimeOffset.UnixEpoch.AddYears(56);
        processor.ProcessSip(input, at, new IPEndPoint(IPAddress.Loopback, 5060), output);
        processor.Finish(at.AddSeconds(1), output);
    }

    private static List<byte[]> HepSamples()
    {
        var packet = new HepPacket
        {
            IpProtocol = 17,
            SourceAddress = IPAddress.Parse("10.0.0.9"),
            DestinationAddress = IPAddress.Parse("2001:db8::5"),
            SourcePort = 5060,
            DestinationPort = 5070,
            CapturedAt = DateTimeOffset.Parse("2026-11-26T09:30:01.123456Z", System.Globalization.CultureInfo.InvariantCulture),
            PayloadType = HepPayloadType.Sip,
            CaptureAgentId = 2001,
            AuthKey = "s3cret",
            CorrelationId = "call-1@h",
            NodeName = "sbc-1",
            Payload = Encoding.ASCII.GetBytes("OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n"),
        };
        var one = HepWriter.Write(packet);
        return [one, [.. one, .. HepWriter.Write(packet with { PayloadType = HepPayloadType.Rtp, Payload = RtpSamples()[0] })]];
    }

    private static void Hep(byte[] input)
    {
        HepParser.Parse(input, out _);
        var stream = new ReadOnlySequence<byte>(input);
        while (HepStreamFramer.TryRead(ref stream, out var packet, out _))
        {
            HepParser.Parse(packet.ToArray(), out _);
        }
    }

    private static List<byte[]> RtpSamples()
    {
        var rtp = new byte[12 + 160];
        rtp[0] = 0x80;
        rtp[1] = 0x80;
        BinaryPrimitives.WriteUInt16BigEndian(rtp.AsSpan(2), 65535);
        BinaryPrimitives.WriteUInt32BigEndian(rtp.AsSpan(8), 0x1111);
        var withExtension = new byte[12 + 4 + 8 + 4 + 20 + 2];
        withExtension[0] = 0xB1; // padding, extension, one CSRC
        withExtension[1] = 101; // RFC 4733 event
        BinaryPrimitives.WriteUInt16BigEndian(withExtension.AsSpan(18), 2);
        withExtension[^1] = 2;
        var receiverReport = new byte[8 + 24];
        receiverReport[0] = 0x81;
        receiverReport[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(receiverReport.AsSpan(2), 7);
        receiverReport[12] = 0x10;
        return [rtp, withExtension, receiverReport];
    }

    private static void Rtp(byte[] input)
    {
        if (RtpHeader.TryParse(input, out var header))
        {
            _ = input.AsSpan(header.PayloadOffset, header.PayloadLength);
        }

        RtcpReport.ParseAll(input);
        var processor = new SipMirrorProcessor(new SipCallTrackerOptions(), new RtpOptions { EmitAudio = false });
        var output = new List<SipCallEvent>();
        var from = new IPEndPoint(IPAddress.Loopback, 16000);
        var to = new IPEndPoint(IPAddress.Loopback, 20000);
        processor.ProcessRtp(input, from, to, DateTimeOffset.UnixEpoch, output);
        processor.ProcessRtcp(input, from, to, DateTimeOffset.UnixEpoch);
        processor.ProcessRtcpJson(input, from, to, DateTimeOffset.UnixEpoch);
    }

    private static void Stomp(byte[] input)
    {
        var parser = new StompFrameParser(maxFrameBytes: 4096);
        var buffer = new ReadOnlySequence<byte>(input);
        while (parser.TryRead(ref buffer, out var frame))
        {
            _ = frame["content-length"];
        }
    }

    private static void FastAgi(byte[] input)
    {
        var parser = new AgiFrameParser();
        var buffer = new ReadOnlySequence<byte>(input);
        while (parser.TryRead(ref buffer, out var frame) || parser.TryReadFinal(ref buffer, out frame))
        {
            Check(frame.Offset, input.Length, "AGI frame offset");
        }
    }

    private static void Pcap(byte[] input, string scratchDirectory)
    {
        var path = Path.Combine(scratchDirectory, $"fuzz-{Environment.CurrentManagedThreadId}.pcapng");
        File.WriteAllBytes(path, input);
        var reader = new CaptureReader(new SipMirrorProcessor(new SipCallTrackerOptions(), new RtpOptions { EmitAudio = false }));
        reader.ReadFile(path, []);
    }

    /// <summary>An offset a parser reports must point into what it was given.</summary>
    private static void Check(long offset, long length, string what, bool exact = false)
    {
        if (offset < 0 || offset > length || (exact && offset != length))
        {
            throw new InvalidOperationException($"{what} {offset} outside an input of {length} bytes");
        }
    }
}
