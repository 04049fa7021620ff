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
