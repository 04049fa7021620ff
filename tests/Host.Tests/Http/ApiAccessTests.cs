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

    public void Dispose() => _dir.Dispose();
}
