using System.Security.Cryptography;
using Middleware.Adapters.Ami.Protocol;

namespace Middleware.Adapters.Ami.Client;

/// <summary>The PBX refused the credentials: retrying soon will not help, but the operator must hear.</summary>
public sealed class AmiLoginRefusedException(string reason) : Exception($"AMI login refused: {reason}");

/// <summary>Login (plain or MD5 challenge), then the optional server-side filters. Always the first thing sent.</summary>
public static class AmiLogin
{
    /// <returns>The PBX's answer to the Login (its place in the stream is where the session proper begins).</returns>
    internal static async Task<AmiResponse> LoginAsync(AmiConnection connection, AmiSourceOptions options, CancellationToken cancellationToken)
    {
        var login = new AmiAction("Login").Add("Username", options.Username);
        if (options.Auth == AmiAuth.Md5)
        {
            var challenge = await connection.SendAsync(new AmiAction("Challenge").Add("AuthType", "MD5"), options.ActionTimeout, cancellationToken).ConfigureAwait(false);
            var nonce = challenge.EnsureSuccess("Challenge")["Challenge"] ?? throw new AmiLoginRefusedException("no Challenge in the response");
            login.Add("AuthType", "MD5").Add("Key", Md5Key(nonce, options.Secret));
        }
        else
        {
            login.Add("Secret", options.Secret);
        }

        login.Add("Events", options.Events);
        var response = await connection.SendAsync(login, options.ActionTimeout, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess)
        {
            throw new AmiLoginRefusedException(response.Text ?? "no reason given");
        }

        foreach (var filter in options.Filters)
        {
            await connection.SendAsync(new AmiAction("Filter").Add("Operation", "Add").Add("Filter", filter), options.ActionTimeout, cancellationToken)
                .ConfigureAwait(false);
        }

        return response;
    }

    /// <summary>Asterisk's MD5 login key: hex(md5(challenge + secret)).</summary>
    public static string Md5Key(string challenge, string secret) =>
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(challenge + secret)));
}
