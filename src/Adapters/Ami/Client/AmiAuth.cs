namespace Middleware.Adapters.Ami.Client;

public enum AmiAuth
{
    /// <summary>Challenge/response: the secret never crosses the wire.</summary>
    Md5,

    /// <summary>The secret in the Login action (use with TLS).</summary>
    Plain,
}
