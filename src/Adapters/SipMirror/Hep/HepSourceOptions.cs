namespace Middleware.Adapters.SipMirror.Hep;

/// <summary>A HEP capture listener: where SBCs and proxies (Kamailio siptrace, OpenSIPS, FreeSWITCH, Asterisk res_hep) send copies.</summary>
public sealed class HepSourceOptions : MirrorSourceOptions
{
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

    public HepSourceOptions Clone() => Copy<HepSourceOptions>();
}
