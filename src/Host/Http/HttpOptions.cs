using System.ComponentModel.DataAnnotations;
using Middleware.Core.Configuration;

namespace Middleware.Host.Http;

/// <summary>The ops console: HTTP API, live dashboard, health and metrics.</summary>
public sealed class HttpOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Where to listen; loopback by default (put a reverse proxy with TLS in front to expose it).</summary>
    [Required]
    public string Address { get; set; } = "http://127.0.0.1:8080";

    /// <summary>Keys accepted in the X-Api-Key header.</summary>
    public List<ApiCredential> ApiKeys { get; set; } = [];

    /// <summary>Tokens accepted as "Authorization: Bearer ...".</summary>
    public List<ApiCredential> BearerTokens { get; set; } = [];

    /// <summary>Networks allowed to read /health and /metrics without credentials (CIDR).</summary>
    public List<string> OpenEndpointsFrom { get; set; } = ["127.0.0.1/32", "::1/128"];

    /// <summary>
    /// Whether <see cref="Address"/> is reachable from this machine only (a loopback address or
    /// "localhost"); null when it is not a URL. 0.0.0.0, [::], * and + listen on every interface.
    /// </summary>
    public bool? LoopbackOnly()
    {
        // Kestrel's wildcards are not valid URI hosts: read them before Uri does.
        if (System.Text.RegularExpressions.Regex.IsMatch(Address, @"^https?://[*+](:\d+)?/?$"))
        {
            return false;
        }

        if (!Uri.TryCreate(Address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return null;
        }

        return uri.IsLoopback || (System.Net.IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip));
    }
}

public sealed class ApiCredential
{
    /// <summary>Who holds it: written in the journal when they switch the write-back mode.</summary>
    [Required]
    public string Name { get; set; } = "";

    [Secret]
    [Required]
    [MinLength(16, ErrorMessage = "use at least 16 characters")]
    public string Secret { get; set; } = "";
}
