using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Core.Journal;
using Middleware.Host.Configuration;
using Middleware.Host.Hosting;
using Middleware.Host.Http;
using Middleware.Host.Http.Streaming;
using Middleware.TestSupport;

namespace Middleware.Host.Tests.Http;

public sealed class ApiAccessTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private async Task<(MiddlewareRuntime Runtime, LiveBroadcaster Broadcaster, ApiServer Server)> StartAsync(HttpOptions http)
    {
        var broadcaster = new LiveBroadcaster();
        var runtime = await MiddlewareRuntime.StartAsync(new MiddlewareConfig { Journal = new JournalOptions { Path = _dir.File(Guid.NewGuid() + ".db") } }, NullLoggerFactory.Instance, sinks: [broadcaster]);
        return (runtime, broadcaster, await ApiServer.StartAsync(runtime, broadcaster, http, NullLoggerFactory.Instance));
    }

    [Fact]
    public async Task Bearer_tokens_work_and_health_is_closed_to_networks_not_listed()
    {
        var (runtime, broadcaster, server) = await StartAsync(new HttpOptions
        {
            Address = "http://127.0.0.1:0",
            BearerTokens = [new ApiCredential { Name = "grafana", Secret = "token-0123456789abcdef" }],
            OpenEndpointsFrom = ["10.0.0.0/8"],
        });
        await using (server)
        {
            using var http = new HttpClient { BaseAddress = server.Address };
            Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/health/ready")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/metrics")).StatusCode);

            http.DefaultRequestHeaders.Authorization = new("Bearer", "token-0123456789abcdef");
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/queues")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/metrics")).StatusCode); // credentials open it too
        }

        await runtime.StopAsync();
        await broadcaster.DisposeAsync();
    }

    [Fact]
    public async Task Unauthenticated_requests_get_401_before_their_body_is_read_and_every_answer_carries_the_security_headers()
    {
        // Before: a PUT with a bad body got 400 before 401; no nosniff, framing or referrer headers (issue 16, item 15).
        var (runtime, broadcaster, server) = await StartAsync(new HttpOptions
        {
            Address = "http://127.0.0.1:0",
            ApiKeys = [new ApiCredential { Name = "ops", Secret = "key-0123456789abcdef" }],
        });
        await using (server)
        {
            using var http = new HttpClient { BaseAddress = server.Address };
            using var bad = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");
            var put = await http.PutAsync("/api/write-back/mode", bad);
            Assert.Equal(HttpStatusCode.Unauthorized, put.StatusCode);

            foreach (var path in new[] { "/", "/api/queues", "/health/live", "/openapi.json" })
            {
                var response = await http.GetAsync(path);
                Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
                Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
                Assert.Equal("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
                Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            }

            http.DefaultRequestHeaders.Add("X-Api-Key", "key-0123456789abcdef");
            using var stillBad = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");
            Assert.Equal(HttpStatusCode.BadRequest, (await http.PutAsync("/api/write-back/mode", stillBad)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/queues")).StatusCode);

            using var openapi = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/openapi.json"));
            var schemes = openapi.RootElement.GetProperty("components").GetProperty("securitySchemes");
            Assert.Equal("X-Api-Key", schemes.GetProperty("ApiKey").GetProperty("name").GetString());
            Assert.Equal("bearer", schemes.GetProperty("Bearer").GetProperty("scheme").GetString());
            Assert.Equal(2, openapi.RootElement.GetProperty("security").GetArrayLength());
        }

        await runtime.StopAsync();
        await broadcaster.DisposeAsync();
    }

    public void Dispose() => _dir.Dispose();
}
