using Middleware.Core.Configuration;
using Middleware.Core.Journal;
using Middleware.Host.Configuration;
using Middleware.SampleCrm;
using Middleware.TestSupport;

namespace Middleware.Host.Tests.Crm;

/// <summary>The sample CRM on a free port with its own database, and the shipped native-api config pointed at it, tuned for tests.</summary>
public abstract class SampleCrmRuntime : IAsyncLifetime
{
    protected TempDirectory Dir { get; } = new();

    protected SampleCrmServer Crm { get; private set; } = null!;

    public async Task InitializeAsync() => Crm = await SampleCrmServer.StartAsync(Dir.File("crm.db"));

    public async Task DisposeAsync()
    {
        await Crm.DisposeAsync();
        Dir.Dispose();
    }

    /// <summary>Refund complaints become finance tickets due within the hour, warned 10 minutes before.</summary>
    protected const string RefundTicketing = """
        ticketing:
          crm_target: sample-crm
          categories:
            - name: refunds
              department: finance
              keywords: [refund]
          sla:
            - { category: refunds, tier: "*", within: 1h }
          sla_watch: { enabled: true, warning_before: 10m }
        """;

    /// <param name="replaceTicketing">A ticketing: section used instead of the example's.</param>
    protected MiddlewareConfig Config(string journal, string? replaceTicketing = null)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "config", "crm-examples", "native-api.yaml");
        var yaml = File.ReadAllText(path);
        if (replaceTicketing is not null)
        {
            yaml = yaml.Replace("ticketing:\n  crm_target: sample-crm\n", replaceTicketing.TrimEnd() + "\n", StringComparison.Ordinal);
        }

        var config = YamlOptionsBinder.Parse<MiddlewareConfig>(yaml, path, n => n == "SAMPLE_CRM_URL" ? Crm.Address.ToString() : null);
        config.Journal = new JournalOptions { Path = journal, Durability = JournalDurability.Normal };
        config.Routing.Enabled = false;
        config.WriteBack.Lanes = 4;
        config.WriteBack.DrainOnStop = TimeSpan.FromMilliseconds(100);
        config.WriteBack.MaxRetryDelay = TimeSpan.FromSeconds(1);
        config.Crm[0].CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(1);
        return config;
    }
}
