using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Adapters.Crm;
using Middleware.Adapters.Crm.Configuration;
using Middleware.Core.Configuration;
using Middleware.SampleCrm;
using Middleware.TestSupport;

namespace Middleware.Adapters.Tests.Crm;

/// <summary>The sample CRM on a free loopback port, and a client built from a shipped example mapping.</summary>
internal sealed class CrmHarness : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();

    private CrmHarness(SampleCrmServer server) => Server = server;

    public SampleCrmServer Server { get; }

    public static async Task<CrmHarness> StartAsync() => new(await SampleCrmServer.StartAsync(Path.Combine(Path.GetTempPath(), $"mw-crm-{Guid.NewGuid():N}.db")));

    /// <summary>Loads config/crm-examples/{file} as shipped, pointed at this server, optionally adjusted.</summary>
    public CrmOptions Mapping(string file, Action<CrmOptions>? adjust = null)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "crm-examples", file);
        var config = YamlOptionsBinder.Parse<Shipped>(File.ReadAllText(path), path, n => n == "SAMPLE_CRM_URL" ? Server.Address.ToString() : null);
        var crm = config.Crm.Single();
        adjust?.Invoke(crm);
        return crm;
    }

    public CrmClient Client(string file, Action<CrmOptions>? adjust = null) => new(Mapping(file, adjust), TimeProvider.System, NullLogger.Instance);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _dir.Dispose();
    }

    /// <summary>The parts of the middleware config the examples carry (the rest is the host's).</summary>
    public sealed class Shipped
    {
        public List<CrmOptions> Crm { get; set; } = [];

        public TicketingPart Ticketing { get; set; } = new();

        public Core.WriteBack.WriteBackOptions WriteBack { get; set; } = new();
    }

    public sealed class TicketingPart
    {
        public string? CrmTarget { get; set; }
    }
}
