using System.Net.Http.Headers;
using System.Text.Json;
using Middleware.Adapters.Crm.Configuration;

namespace Middleware.Adapters.Crm.Http;

/// <summary>
/// Adds the CRM's credentials to each request: an API key header, a bearer token, basic auth, or
/// an OAuth2 client-credentials token fetched, cached until shortly before it expires, and fetched
/// again when the CRM says 401.
/// </summary>
public sealed class CrmAuthHandler(CrmAuthOptions auth, Uri baseUrl, TimeProvider time) : DelegatingHandler
{
    private readonly SemaphoreSlim _tokenLock = new(1, 1);
    private string? _token;
    private DateTimeOffset _tokenExpires;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await AuthorizeAsync(request, refresh: false, cancellationToken).ConfigureAwait(false);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized && auth.Kind == CrmAuthKind.Oauth2 && request.Content is null or { Headers.ContentLength: < 1_000_000 })
        {
            // The token may have been revoked early: fetch a new one once.
            response.Dispose();
            var retry = await CloneAsync(request).ConfigureAwait(false);
            await AuthorizeAsync(retry, refresh: true, cancellationToken).ConfigureAwait(false);
            return await base.SendAsync(retry, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    private async Task AuthorizeAsync(HttpRequestMessage request, bool refresh, CancellationToken cancellationToken)
    {
        switch (auth.Kind)
        {
            case CrmAuthKind.ApiKey:
                request.Headers.Remove(auth.Header);
                request.Headers.TryAddWithoutValidation(auth.Header, auth.Secret);
                break;
            case CrmAuthKind.Bearer:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", auth.Secret);
                break;
            case CrmAuthKind.Basic:
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{auth.Username}:{auth.Secret}")));
                break;
            case CrmAuthKind.Oauth2:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(refresh, cancellationToken).ConfigureAwait(false));
                break;
        }
    }

    private async Task<string> TokenAsync(bool refresh, CancellationToken cancellationToken)
    {
        await _tokenLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!refresh && _token is not null && time.GetUtcNow() < _tokenExpires)
            {
                return _token;
            }

            var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = auth.ClientId!, ["client_secret"] = auth.Secret! };
            if (auth.Scope is not null)
            {
                form["scope"] = auth.Scope;
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, auth.TokenUrl!)) { Content = new FormUrlEncodedContent(form) };
            using var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"OAuth2 token request refused: {(int)response.StatusCode}", null, response.StatusCode);
            }

            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            _token = json.RootElement.GetProperty("access_token").GetString();
            var lifetime = json.RootElement.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) ? seconds : 300;
            _tokenExpires = time.GetUtcNow().AddSeconds(Math.Max(5, lifetime - 30));
            return _token!;
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    private static async Task<HttpRequestMessage> CloneAsync(HttpRequestMessage request)
    {
        var clone = new HttpRequestMessage(request.Method, request.RequestUri);
        foreach (var header in request.Headers)
        {
            clone.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (request.Content is not null)
        {
            var bytes = await request.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            clone.Content = new ByteArrayContent(bytes);
            foreach (var header in request.Content.Headers)
            {
                clone.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        return clone;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _tokenLock.Dispose();
        }

        base.Dispose(disposing);
    }
}
