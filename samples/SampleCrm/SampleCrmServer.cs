using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Middleware.SampleCrm.Api;
using Middleware.SampleCrm.Data;
using Middleware.SampleCrm.Faults;

namespace Middleware.SampleCrm;

/// <summary>
/// The sample CRM as a real HTTP service on loopback, with its own SQLite database. Used by the demo
/// and the tests, and runnable on its own (<c>dotnet run --project samples/SampleCrm</c>).
/// </summary>
public sealed class SampleCrmServer : IAsyncDisposable
{
    public const string DefaultApiKey = "sample-crm-key-0123456789";
    public const string DefaultClientId = "middleware";
    public const string DefaultClientSecret = "sample-crm-secret-0123456789";

    private readonly WebApplication _app;

    private SampleCrmServer(WebApplication app, CrmStore store, FaultSwitches faults, RequestLog requests, TicketWebhook webhook, Uri address)
    {
        _app = app;
        Webhook = webhook;
        Store = store;
        Faults = faults;
        Requests = requests;
        Address = address;
    }

    public RequestLog Requests { get; }

    public CrmStore Store { get; }

    public FaultSwitches Faults { get; }

    /// <summary>Where ticket status changes are posted, if anywhere.</summary>
    public TicketWebhook Webhook { get; }

    public Uri Address { get; }

    public static async Task<SampleCrmServer> StartAsync(string databasePath, string url = "http://127.0.0.1:0", string apiKey = DefaultApiKey)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        var store = new CrmStore(databasePath);
        var faults = new FaultSwitches();
        var requests = new RequestLog();
        var webhook = new TicketWebhook();
        store.TicketStatusChanged += webhook.Changed;
        builder.Services.AddSingleton(faults);
        builder.Services.AddSingleton(requests);
        var app = builder.Build();
        app.UseMiddleware<FaultMiddleware>();
        NativeApi.Map(app, store, apiKey);
        ContactsApi.Map(app, store, DefaultClientId, DefaultClientSecret);
        app.MapGet("/admin/faults", () => faults);
        app.MapPost("/admin/faults", (FaultSwitches update) =>
        {
            lock (faults)
            {
                faults.LatencyMs = update.LatencyMs;
                faults.ErrorRate = update.ErrorRate;
                faults.ErrorStatus = update.ErrorStatus == 0 ? 503 : update.ErrorStatus;
                faults.RateLimitNext = update.RateLimitNext;
                faults.RetryAfterSeconds = update.RetryAfterSeconds;
                faults.SlowBodyMs = update.SlowBodyMs;
            }

            return faults;
        });
        app.MapGet("/admin/webhook", () => new { url = webhook.Current.Url, deliveries = webhook.Deliveries });
        app.MapPost("/admin/webhook", (TicketWebhook.Settings settings) =>
        {
            webhook.Configure(settings);
            return new { url = settings.Url };
        });
        app.MapGet("/admin/stats", () => new { tickets = store.CountTickets() });
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SampleCrmServer(app, store, faults, requests, webhook, new Uri(bound.Replace("[::]", IPAddress.Loopback.ToString(), StringComparison.Ordinal)));
    }

    /// <summary>Switches the faults off.</summary>
    public void Heal()
    {
        lock (Faults)
        {
            Faults.LatencyMs = 0;
            Faults.ErrorRate = 0;
            Faults.RateLimitNext = 0;
            Faults.SlowBodyMs = 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Webhook.Dispose();
    }
}
