using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Middleware.Host.Http.Auth;

/// <summary>
/// Checks API keys (X-Api-Key) and bearer tokens in constant time. A failure never says which part
/// was wrong. The dashboard's EventSource cannot send headers, so the stream also takes ?access_token=.
/// </summary>
public sealed class ApiAuthenticator
{
    private readonly (string Name, byte[] Secret)[] _keys;
    private readonly (string Name, byte[] Secret)[] _tokens;
    private readonly IPNetwork[] _openFrom;

    public ApiAuthenticator(HttpOptions options)
    {
        _keys = options.ApiKeys.Select(k => (k.Name, Encoding.UTF8.GetBytes(k.Secret))).ToArray();
        _tokens = options.BearerTokens.Select(k => (k.Name, Encoding.UTF8.GetBytes(k.Secret))).ToArray();
        _openFrom = options.OpenEndpointsFrom.Select(IPNetwork.Parse).ToArray();
    }

    /// <summary>The credential's name, or null when the request carries none that is valid.</summary>
    public string? Authenticate(HttpContext context, bool allowQueryToken = false)
    {
        if (context.Request.Headers.TryGetValue("X-Api-Key", out var key) && Match(_keys, key.ToString()) is { } keyName)
        {
            return "key:" + keyName;
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && Match(_tokens, authorization[7..].Trim()) is { } tokenName)
        {
            return "token:" + tokenName;
        }

        if (allowQueryToken && context.Request.Query.TryGetValue("access_token", out var query))
        {
            var value = query.ToString();
            return Match(_keys, value) is { } k ? "key:" + k : Match(_tokens, value) is { } t ? "token:" + t : null;
        }

        return null;
    }

    public bool IsOpenFor(IPAddress? remote)
    {
        if (remote is null)
        {
            return false;
        }

        if (remote.IsIPv4MappedToIPv6)
        {
            remote = remote.MapToIPv4();
        }

        return _openFrom.Any(n => n.Contains(remote));
    }

    private static string? Match((string Name, byte[] Secret)[] candidates, string presented)
    {
        var bytes = Encoding.UTF8.GetBytes(presented);
        string? found = null;
        foreach (var (name, secret) in candidates)
        {
            // Compare against every candidate so timing does not reveal how many there are or which matched.
            if (CryptographicOperations.FixedTimeEquals(bytes, secret))
            {
                found ??= name;
            }
        }

        return found;
    }
}
