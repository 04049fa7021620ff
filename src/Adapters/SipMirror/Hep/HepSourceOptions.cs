using System.ComponentModel.DataAnnotations;
using Middleware.Adapters.SipMirror.Dialogs;
using Middleware.Adapters.SipMirror.Rtp;
using Middleware.Core.Configuration;

namespace Middleware.Adapters.SipMirror.Hep;

/// <summary>A HEP capture listener: where SBCs and proxies (Kamailio siptrace, OpenSIPS, FreeSWITCH, Asterisk res_hep) send copies.</summary>
public sealed class HepSourceOptions
{
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]+$", ErrorMessage = "use letters, digits, '.', '_' or '-'")]
    public string Name { get; set; } = "";

    /// <summary>Address to listen on; 0.0.0.0 to take captures from other hosts.</summary>
    [Required]
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>UDP port (HEP's usual 9060); 0 binds a free port, -1 disables UDP.</summary>
    [Range(-1, 65535)]
    public int UdpPort { get; set; } = 9060;

    /// <summary>TCP port; -1 (the default) disables TCP.</summary>
    [Range(-1, 65535)]
    public int TcpPort { get; set; } = -1;

    /// <summary>When set, packets whose auth-key chunk differs are rejected (counted, never processed).</summary>
    [Secret]
    public string? AuthKey { get; set; }

    /// <summary>Captured packets waiting to be processed; beyond this the receive loop waits and the kernel buffer absorbs the burst.</summary>
    [Range(1000, 10_000_000)]
    public int QueueCapacity { get; set; } = 200_000;

    /// <summary>Joins a mirror call to the PBX's view of it by caller number when both start within this window (no shared SIP Call-ID).</summary>
    public TimeSpan JoinWindow { get; set; } = TimeSpan.FromSeconds(10);

    public SipCallTrackerOptions Calls { get; set; } = new();

    public RtpOptions Rtp { get; set; } = new() { EmitAudio = true };

    public HepSourceOptions Clone()
    {
        var copy = (HepSourceOptions)MemberwiseClone();
        copy.Calls = Calls.Clone();
        copy.Rtp = Rtp.Clone();
        return copy;
    }
}
