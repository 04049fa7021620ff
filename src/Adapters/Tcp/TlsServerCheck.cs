using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Middleware.Adapters.Tcp;

/// <summary>
/// How a TLS server's certificate is accepted: by the system's trust store for the name, or, with a
/// pin, only the one certificate whose SHA-256 is pinned (self-signed or not: PBXs and brokers in a
/// call center's LAN often present self-signed certificates).
/// </summary>
/// <param name="ServerName">Name the certificate must carry; null: the host connected to.</param>
/// <param name="PinSha256">SHA-256 of the certificate's DER bytes, hex, colons allowed.</param>
public sealed record TlsServerCheck(string? ServerName, string? PinSha256)
{
    public bool Accepts(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (PinSha256 is null)
        {
            return errors == SslPolicyErrors.None;
        }

        if (certificate is null)
        {
            return false;
        }

        var expected = PinSha256.Replace(":", "", StringComparison.Ordinal).Trim();
        var actual = Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData()));
        return string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase);
    }
}
