using System.Net;
using Middleware.Adapters.SipMirror;
using Middleware.Adapters.SipMirror.Dialogs;
using Middleware.Adapters.SipMirror.Rtp;

namespace Middleware.Benchmarks.SipMirror;

/// <summary>
/// Memory held per tracked call: the heap after a full GC with N answered calls open (dialog state,
/// the SIP messages kept for events, media flows, and one second of RTP per leg so the legs exist),
/// minus the heap before, divided by N.
/// </summary>
public static class MirrorMemoryRun
{
    public static int Run(int calls, bool media = true)
    {
        var t0 = DateTimeOffset.Parse("2026-11-26T09:00:00Z");
        var output = new List<SipCallEvent>();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var processor = new SipMirrorProcessor(new SipCallTrackerOptions { InternalNumbers = "^8\\d{3}$" }, new RtpOptions { EmitAudio = true });
        var caller = IPAddress.Parse("10.0.0.9");
        var agent = IPAddress.Parse("10.0.0.5");
        var payload = new byte[172];
        payload[0] = 0x80;
        for (var n = 0; n < calls; n++)
        {
            var (callerPort, agentPort) = (10000 + (2 * (n % 20000)), 60000 - (2 * (n % 20000)));
            foreach (var message in SipMessages.Call(n, "1380013" + n.ToString("0000"), callerPort, agentPort)[..5])
            {
                processor.ProcessSip(message, t0, new IPEndPoint(caller, 5061), output);
            }

            for (var i = 0; i < (media ? 50 : 0); i++)
            {
                payload[3] = (byte)i;
                payload[7] = (byte)(i * 160);
                payload[6] = (byte)((i * 160) >> 8);
                payload[11] = (byte)n;
                processor.ProcessRtp(payload, new IPEndPoint(caller, callerPort), new IPEndPoint(agent, agentPort), t0.AddMilliseconds(20 * i), output);
                payload[11] = (byte)(n + 1);
                processor.ProcessRtp(payload, new IPEndPoint(agent, agentPort), new IPEndPoint(caller, callerPort), t0.AddMilliseconds(20 * i), output);
            }

            output.Clear();
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"{calls} open calls, {processor.Media.Packets} RTP packets: {(after - before) / 1024.0 / 1024.0:0.0} MiB held, {(after - before) / calls:N0} bytes per call");
        GC.KeepAlive(processor);
        return 0;
    }
}
