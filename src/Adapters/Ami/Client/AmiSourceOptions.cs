namespace Middleware.Adapters.Ami.Client;

/// <summary>One PBX reached over AMI; several can be configured, each with its own name.</summary>
public sealed class AmiSourceOptions
{
    /// <summary>The source name in events and the write-back target name in the allow-list.</summary>
    [Required]
    [InstanceName]
    public string Name { get; set; } = "";

    [Required]
    public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int Port { get; set; } = 5038;

    [Required]
    public string Username { get; set; } = "";

    [Secret]
    [Required]
    public string Secret { get; set; } = "";

    public AmiAuth Auth { get; set; } = AmiAuth.Md5;

    /// <summary>"on", "off" or an event class mask such as "call,agent,user".</summary>
    public string Events { get; set; } = "on";

    /// <summary>Server-side filters sent after login (Asterisk 11+), e.g. "!Event: RTCP*".</summary>
    public List<string> Filters { get; set; } = [];

    public AmiTlsOptions Tls { get; set; } = new();

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan ActionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often to Ping; a peer silent for PingInterval + PingTimeout is declared dead.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Dialplan contexts where calls from outside land; decides inbound vs outbound/internal.</summary>
    public List<string> InboundContexts { get; set; } = ["from-trunk", "from-pstn", "from-external", "from-did", "ext-did", "from-sip-external"];

    [Range(1024, 256 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>A private copy for the component it configures (<see cref="OptionsCopy"/>).</summary>
    public AmiSourceOptions Clone() => OptionsCopy.Of(this);
}
