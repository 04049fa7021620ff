using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Middleware.Host.Http.Auth;
using Middleware.Host.Http.Dashboard;
using Middleware.Host.Http.Endpoints;
using Middleware.Host.Http.Metrics;
using Middleware.Host.Http.Streaming;

namespace Middleware.Host.Http;

/// <summary>The ops console's web server: API, OpenAPI document, dashboard, health and metrics.</summary>
public sealed class ApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ApiServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The address actually bound (a port of 0 in the config is resolved here).</summary>
    public Uri Address { get; }

    public static async Task<ApiServer> StartAsync(MiddlewareRuntime runtime, LiveBroadcaster broadcaster, HttpOptions options, ILoggerFactory logs, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        // The console lifetime would take SIGINT/SIGTERM and stop only the web server, leaving the
        // verb running; the process's stop is StopSignal's, and this server stops when disposed.
        builder.Services.AddSingleton<IHostLifetime, StoppedByOwner>();
        builder.Services.AddSingleton(logs);
        builder.WebHost.UseUrls(options.Address);
        builder.WebHost.UseKestrelCore();
        builder.Services.Configure<JsonOptions>(o => ApiJson.Configure(o.SerializerOptions));
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Call-center middleware API";
            document.Info.Description = "Live state, history, decisions and write-back control. Send X-Api-Key or Authorization: Bearer.";
            ApiSecuritySchemes.Describe(document);
            return Task.CompletedTask;
        }));

        var app = builder.Build();
        app.UseSecurityHeaders();
        app.UseRouting();
        app.UseApiCredentials();
        var auth = new ApiAuthenticator(options);
        var metrics = new MiddlewareMetrics(runtime, broadcaster);
        app.MapOpenApi("/openapi.json");
        HealthEndpoints.Map(app, runtime, auth, metrics);
        var api = app.MapGroup("/api");
        var secured = api.MapGroup("").RequireApiCredential(auth);
        LiveStateEndpoints.Map(secured, runtime);
        HistoryEndpoints.Map(secured, runtime, time);
        StatsEndpoints.Map(secured, runtime, time);
        WriteBackEndpoints.Map(secured, runtime);
        StreamEndpoints.Map(api.MapGroup("").RequireApiCredential(auth, allowQueryToken: true), broadcaster);
        WebhookEndpoints.Map(app, runtime);
        DashboardAssets.Map(app);

        broadcaster.Start(runtime.State, time);
        await app.StartAsync().ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        logs.CreateLogger("http").LogInformation("ops console on {Address}", bound);
        return new ApiServer(app, new Uri(bound.Replace("[::]", IPAddress.Loopback.ToString(), StringComparison.Ordinal)));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private sealed class StoppedByOwner : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
