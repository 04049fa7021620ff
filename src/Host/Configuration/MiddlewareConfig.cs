using Middleware.Adapters.SipMirror;
using Middleware.Enrichment.Routing;
using Middleware.Enrichment.Ticketing;
using Middleware.Host.Http;

namespace Middleware.Host.Configuration;

/// <summary>The whole YAML config (see config/middleware.sample.yaml for every key, documented).</summary>
public sealed class MiddlewareConfig
{
    public JournalOptions Journal { get; set; } = new();

    public PipelineOptions Pipeline { get; set; } = new();

    public WriteBackOptions WriteBack { get; set; } = new();

    public SourcesConfig Sources { get; set; } = new();

    public RoutingOptions Routing { get; set; } = new();

    public TicketingOptions Ticketing { get; set; } = new();

    /// <summary>QA of every call with an agent: rule sets per language, findings during the call, scores at its end.</summary>
    public Enrichment.Qa.QaOptions Qa { get; set; } = new();

    /// <summary>Emotion per transcript segment, rolling per call, escalation risk.</summary>
    public Enrichment.Emotion.EmotionOptions Emotion { get; set; } = new();

    /// <summary>Call reason per call with keywords, updated as the call goes on.</summary>
    public Enrichment.Intent.IntentOptions Intent { get; set; } = new();

    /// <summary>Where the text classifiers are loaded from.</summary>
    public UnderstandingConfig Understanding { get; set; } = new();

    public HttpOptions Http { get; set; } = new();

    public Adapters.Stomp.Publishing.BrokerOptions Broker { get; set; } = new();

    /// <summary>CRM/ERP systems over REST, each mapped by YAML (see config/crm-examples/).</summary>
    public List<Adapters.Crm.Configuration.CrmOptions> Crm { get; set; } = [];

    /// <summary>IVR self-service over FastAGI (see config/ivr/self-service.yaml).</summary>
    public Enrichment.Ivr.IvrOptions Ivr { get; set; } = new();

    /// <summary>PII redaction before the journal, the broker and CRM write-backs (docs/privacy.md).</summary>
    public Enrichment.Privacy.PrivacyOptions Privacy { get; set; } = new();

    /// <summary>Speech: which engine transcribes the mirrored legs (pocketsphinx, whisper, http, none) and its models or server.</summary>
    public Enrichment.Asr.AsrOptions Asr { get; set; } = new();

    /// <summary>Outbound campaigns that <c>run</c> starts and stops on their schedule.</summary>
    public DialerConfig Dialer { get; set; } = new();

    public LoggingConfig Logging { get; set; } = new();
}

public sealed class DialerConfig
{
    /// <summary>Each dialled through an AMI source's Originate, between its start and stop times; names must be unique.</summary>
    public List<Enrichment.Dialer.Campaigns.CampaignOptions> Campaigns { get; set; } = [];
}

public sealed class SourcesConfig
{
    /// <summary>PBXs reached over the Asterisk Manager Interface; each name must be unique.</summary>
    public List<AmiSourceOptions> Ami { get; set; } = [];

    /// <summary>HEP capture listeners (a SIP mirror fed by the proxy/SBC); each name must be unique.</summary>
    public List<Adapters.SipMirror.Hep.HepSourceOptions> Hep { get; set; } = [];

    /// <summary>Live packet capture on interfaces wired to a mirror (SPAN) port; each name must be unique.</summary>
    public List<Adapters.SipMirror.Capture.CaptureSourceOptions> Capture { get; set; } = [];

    /// <summary>FastAGI servers the dialplan hands calls to (AGI(agi://host:4573/ivr)); each name must be unique.</summary>
    public List<Adapters.FastAgi.FastAgiOptions> FastAgi { get; set; } = [];

    /// <summary>Names of the sources that mirror SIP (HEP and capture): their calls join the PBX's.</summary>
    public IReadOnlySet<string> MirrorNames() => Mirrors().Select(m => m.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>The widest join window of the mirror sources (10 s when none says).</summary>
    public TimeSpan JoinWindow() => Mirrors().Select(m => m.JoinWindow).DefaultIfEmpty(TimeSpan.FromSeconds(10)).Max();

    private IEnumerable<MirrorSourceOptions> Mirrors() => Hep.Concat<MirrorSourceOptions>(Capture);
}

public sealed class UnderstandingConfig
{
    /// <summary>Folder of sentiment-/emotion-/intent-{zh,en}.model files; null: the models shipped beside the executable.</summary>
    public string? Models { get; set; }
}

public sealed class LoggingConfig
{
    public Microsoft.Extensions.Logging.LogLevel Level { get; set; } = Microsoft.Extensions.Logging.LogLevel.Information;
}
