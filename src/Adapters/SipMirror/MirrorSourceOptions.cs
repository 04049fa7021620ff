using Middleware.Adapters.SipMirror.Dialogs;
using Middleware.Adapters.SipMirror.Rtp;

namespace Middleware.Adapters.SipMirror;

/// <summary>What every mirror source (a HEP listener, a capture interface) is configured with besides where it reads from.</summary>
public abstract class MirrorSourceOptions
{
    /// <summary>The source name in events; also the prefix of its call ids (<c>name:Call-ID</c>).</summary>
    [Required]
    [InstanceName]
    public string Name { get; set; } = "";

    /// <summary>Captured packets waiting to be processed; beyond this the receiving side waits and the kernel buffer absorbs the burst.</summary>
    [Range(1000, 10_000_000)]
    public int QueueCapacity { get; set; } = 200_000;

    /// <summary>Joins a mirror call to the PBX's view of it by caller number when both start within this window (no shared SIP Call-ID).</summary>
    public TimeSpan JoinWindow { get; set; } = TimeSpan.FromSeconds(10);

    public SipCallTrackerOptions Calls { get; set; } = new();

    public RtpOptions Rtp { get; set; } = new() { EmitAudio = true };

    /// <summary>A deep copy (the dialog and RTP options are copied too), so a running source never sees later edits.</summary>
    protected TOptions Copy<TOptions>() where TOptions : MirrorSourceOptions => OptionsCopy.Of((TOptions)this);
}
