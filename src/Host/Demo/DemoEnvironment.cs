using Middleware.Adapters.Stomp.Client;
using Middleware.Adapters.Stomp.Publishing;
using Middleware.Host.Http;
using Middleware.Host.Http.Streaming;
using Middleware.SampleCrm;
using Middleware.Samples.Ami;
using Middleware.Samples.Scenarios;

namespace Middleware.Host.Demo;

/// <summary>
/// The sample legacy call center and the middleware watching it, all on loopback: an AMI PBX
/// emulator with the sample staff seated, the middleware connected to it over TCP, and (when an
/// HTTP address is given) the ops console with a one-off API key.
/// </summary>
public sealed class DemoEnvironment : IAsyncDisposable
{
    private DemoEnvironment(AmiEmulator pbx, SampleCrmServer crm, MiddlewareRuntime runtime, MiddlewareConfig config, LiveBroadcaster broadcaster)
    {
        Pbx = pbx;
        Crm = crm;
        Runtime = runtime;
        Config = config;
        Broadcaster = broadcaster;
    }

    public AmiEmulator Pbx { get; }

    /// <summary>The sample CRM, over real HTTP on loopback, where callback tickets land.</summary>
    public SampleCrmServer Crm { get; }

    public MiddlewareRuntime Runtime { get; }

    public MiddlewareConfig Config { get; }

    public LiveBroadcaster Broadcaster { get; }

    public ApiServer? Http { get; private set; }

    /// <summary>The dashboard link, with the API key in the fragment (never sent to the server in the URL).</summary>
    public string? DashboardUrl => Http is null ? null : $"{Http.Address.ToString().TrimEnd('/')}/#key={ApiKey}";

    /// <summary>The HEP source the sample SBC mirrors to.</summary>
    public const string MirrorSource = "sbc-demo";

    public string ApiKey { get; } = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    public static async Task<DemoEnvironment> StartAsync(string journalPath, double speed, ILoggerFactory logs, TextWriter? transcript = null, string? httpAddress = null,
        WriteBackMode mode = WriteBackMode.Assist, Uri? broker = null)
    {
        var pbx = new AmiEmulator(new AmiEmulatorOptions { Speed = speed, Transcript = transcript });
        CallCenterStaff.Seat(pbx.Pbx);
        await pbx.StartAsync();
        var crm = await SampleCrmServer.StartAsync(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(journalPath))!, "sample-crm.db"));
        var crmConfig = ShippedCrmExample(crm.Address);
        var ivr = ShippedIvrExample();
        var config = new MiddlewareConfig
        {
            Crm = crmConfig.Crm,
            Ivr = ivr.Ivr,
            Journal = new JournalOptions { Path = journalPath },
            WriteBack = new WriteBackOptions { Mode = mode, Allow = new() { ["pbx-demo"] = ["Setvar", "UserEvent"], ["sample-crm"] = ["CreateTicket", "AddNote"] } },
            Sources = new SourcesConfig
            {
                Ami = [new AmiSourceOptions { Name = "pbx-demo", Host = "127.0.0.1", Port = pbx.Port, Username = "middleware", Secret = "middleware-secret", Auth = AmiAuth.Md5 }],
                FastAgi = [new Adapters.FastAgi.FastAgiOptions { Name = "fastagi", Address = "127.0.0.1", Port = 0, CallSource = "pbx-demo" }],
                // The sample SBC mirrors its trunk calls here (HEP3 over UDP), joined to the AMI calls by SIPCALLID.
                Hep = [new Adapters.SipMirror.Hep.HepSourceOptions { Name = MirrorSource, Address = "127.0.0.1", UdpPort = 0 }],
            },
            Routing = new() { VipNumbers = [.. DemoScenario.VipNumbers] },
            Ticketing = new() { VipNumbers = [.. DemoScenario.VipNumbers], CrmTarget = "sample-crm" },
            Broker = broker is null ? new BrokerOptions() : new BrokerOptions
            {
                Enabled = true,
                Stomp = new StompOptions { Host = broker.Host, Port = broker.Port > 0 ? broker.Port : 61613 },
            },
        };
        var broadcaster = new LiveBroadcaster();
        var runtime = await MiddlewareRuntime.StartAsync(config, logs, sinks: [broadcaster]);
        var environment = new DemoEnvironment(pbx, crm, runtime, config, broadcaster);
        if (runtime.Speech is not null)
        {
            var hep = runtime.Sources.OfType<Adapters.SipMirror.Hep.HepSource>().Single();
            environment.Sbc = new Samples.Mirror.SbcMirror(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, hep.UdpPort!.Value), pbx.Pbx);
        }

        if (httpAddress is not null)
        {
            config.Http = new HttpOptions { Address = httpAddress, ApiKeys = [new ApiCredential { Name = "demo", Secret = environment.ApiKey }] };
            environment.Http = await ApiServer.StartAsync(runtime, broadcaster, config.Http, logs);
        }

        return environment;
    }

    /// <summary>The sample SBC, mirroring the calls that have a conversation to the middleware's HEP source; null when no speech engine runs (no words to hear).</summary>
    public Samples.Mirror.SbcMirror? Sbc { get; private set; }

    /// <summary>The FastAGI server the sample dialplan's AGI(agi://…/ivr) line reaches.</summary>
    public Adapters.FastAgi.Server.FastAgiServer FastAgi => Runtime.Sources.OfType<Adapters.FastAgi.Server.FastAgiServer>().First();

    /// <summary>config/ivr/self-service.yaml, as shipped.</summary>
    private static MiddlewareConfig ShippedIvrExample()
    {
        using var stream = typeof(DemoEnvironment).Assembly.GetManifestResourceStream("ivr/self-service.yaml")!;
        return Core.Configuration.YamlOptionsBinder.Parse<MiddlewareConfig>(new StreamReader(stream).ReadToEnd(), "config/ivr/self-service.yaml");
    }

    /// <summary>config/crm-examples/native-api.yaml, as shipped, pointed at this sample CRM.</summary>
    private static MiddlewareConfig ShippedCrmExample(Uri crm)
    {
        using var stream = typeof(DemoEnvironment).Assembly.GetManifestResourceStream("crm-examples/native-api.yaml")!;
        var yaml = new StreamReader(stream).ReadToEnd();
        return Core.Configuration.YamlOptionsBinder.Parse<MiddlewareConfig>(yaml, "config/crm-examples/native-api.yaml",
            name => name == "SAMPLE_CRM_URL" ? crm.ToString() : Environment.GetEnvironmentVariable(name));
    }

    public async Task WaitConnectedAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        var pbx = Runtime.Sources.OfType<AmiSource>().Single();
        while (!pbx.Health.Healthy)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the middleware did not log in to the emulator: {pbx.Health.LastError}");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>Stops the console, the middleware (draining it) and the PBX, in that order.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Http is not null)
        {
            await Http.DisposeAsync();
        }

        await Runtime.StopAsync();
        Sbc?.Dispose();
        await Broadcaster.DisposeAsync();
        await Pbx.DisposeAsync();
        await Crm.DisposeAsync();
    }
}
