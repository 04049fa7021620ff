using System.ComponentModel.DataAnnotations;
using Middleware.Adapters.SipMirror.Dialogs;
using Middleware.Adapters.SipMirror.Rtp;

namespace Middleware.Adapters.SipMirror.Capture;

/// <summary>Live packet capture on an interface wired to a switch mirror (SPAN) port: SIP and RTP as they cross the wire.</summary>
public sealed class CaptureSourceOptions
{
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]+$", ErrorMessage = "use letters, digits, '.', '_' or '-'")]
    public string Name { get; set; } = "";

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

    /// <summary>Captured frames waiting to be processed; beyond this, frames wait in the kernel buffer.</summary>
    [Range(1000, 10_000_000)]
    public int QueueCapacity { get; set; } = 200_000;

    /// <summary>Joins a mirror call to the PBX's view of it by caller number when both start within this window.</summary>
    public TimeSpan JoinWindow { get; set; } = TimeSpan.FromSeconds(10);

    public SipCallTrackerOptions Calls { get; set; } = new();

    public RtpOptions Rtp { get; set; } = new() { EmitAudio = true };

    public CaptureSourceOptions Clone()
    {
        var copy = (CaptureSourceOptions)MemberwiseClone();
        copy.Calls = Calls.Clone();
        copy.Rtp = Rtp.Clone();
        return copy;
    }
}
