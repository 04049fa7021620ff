namespace Middleware.Adapters.Ami.Client;

public sealed class AmiTlsOptions
{
    public bool Enabled { get; set; }

    /// <summary>Name the certificate must carry; defaults to the host.</summary>
    public string? ServerName { get; set; }

    /// <summary>SHA-256 of the PBX certificate (hex, colons allowed). When set, only that certificate is accepted, self-signed or not.</summary>
    public string? PinSha256 { get; set; }
}
