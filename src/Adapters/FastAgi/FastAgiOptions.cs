namespace Middleware.Adapters.FastAgi;

/// <summary>
/// The FastAGI server a dialplan reaches with <c>AGI(agi://HOST:PORT/SCRIPT?args)</c>. Listen on an
/// address the PBX can reach and no one else (FastAGI has no authentication of its own).
/// </summary>
public sealed class FastAgiOptions
{
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]+$", ErrorMessage = "use letters, digits, '.', '_' or '-'")]
    public string Name { get; set; } = "fastagi";

    [Required]
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>res_agi's default FastAGI port is 4573; 0 picks a free one.</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 4573;

    /// <summary>
    /// The AMI source whose calls these sessions belong to: a session's call id is
    /// "SOURCE:LINKEDID" (pass <c>linkedid=${CHANNEL(linkedid)}</c> in the URL; else agi_uniqueid),
    /// so IVR steps land on the same call as its AMI events. Defaults to this server's name.
    /// </summary>
    public string? CallSource { get; set; }

    /// <summary>Sessions served at once; further connections are closed at once (the dialplan goes on).</summary>
    [Range(1, 100_000)]
    public int MaxSessions { get; set; } = 500;

    /// <summary>Longest wait for Asterisk's reply to one command (GET DATA waits for the caller's digits).</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Longest wait for the variable block after a connection opens.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
