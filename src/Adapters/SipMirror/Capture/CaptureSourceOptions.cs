namespace Middleware.Adapters.SipMirror.Capture;

/// <summary>Live packet capture on an interface wired to a switch mirror (SPAN) port: SIP and RTP as they cross the wire.</summary>
public sealed class CaptureSourceOptions : MirrorSourceOptions
{
    /// <summary>The interface (eth1, lo, any); needs root or CAP_NET_RAW.</summary>
    [Required]
    public string Interface { get; set; } = "any";

    /// <summary>BPF filter (tcpdump syntax): keep the kernel from handing over traffic that is not calls.</summary>
    public string Filter { get; set; } = "udp or tcp port 5060";

    /// <summary>See every frame on the wire, not only those addressed to this host (a mirror port needs it).</summary>
    public bool Promiscuous { get; set; } = true;

    /// <summary>Kernel capture buffer in MiB: absorbs bursts while the processing loop catches up.</summary>
    [Range(1, 2048)]
    public int BufferMegabytes { get; set; } = 64;

    public CaptureSourceOptions Clone() => Copy<CaptureSourceOptions>();
}
