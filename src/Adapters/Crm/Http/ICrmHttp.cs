using System.Text.Json.Nodes;
using Refit;

namespace Middleware.Adapters.Crm.Http;

/// <summary>
/// The CRM as Refit sees it: paths, queries and bodies come from the YAML mapping, so the routes
/// are catch-alls. Non-success answers come back as responses to inspect, not exceptions.
/// </summary>
public interface ICrmHttp
{
    [Get("/{**path}")]
    Task<HttpResponseMessage> GetAsync(string path, [Query] IDictionary<string, string> query, [HeaderCollection] IDictionary<string, string> headers, CancellationToken cancellationToken);

    [Post("/{**path}")]
    Task<HttpResponseMessage> PostAsync(string path, [Query] IDictionary<string, string> query, [Body] JsonObject body, [HeaderCollection] IDictionary<string, string> headers, CancellationToken cancellationToken);

    [Put("/{**path}")]
    Task<HttpResponseMessage> PutAsync(string path, [Query] IDictionary<string, string> query, [Body] JsonObject body, [HeaderCollection] IDictionary<string, string> headers, CancellationToken cancellationToken);

    [Patch("/{**path}")]
    Task<HttpResponseMessage> PatchAsync(string path, [Query] IDictionary<string, string> query, [Body] JsonObject body, [HeaderCollection] IDictionary<string, string> headers, CancellationToken cancellationToken);

    [Delete("/{**path}")]
    Task<HttpResponseMessage> DeleteAsync(string path, [Query] IDictionary<string, string> query, [HeaderCollection] IDictionary<string, string> headers, CancellationToken cancellationToken);
}
