namespace Middleware.Adapters.Stomp.Client;

/// <summary>A STOMP 1.2 broker (ActiveMQ, Artemis, RabbitMQ's STOMP plugin).</summary>
public sealed class StompOptions
{
    [Required]
    public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int Port { get; set; } = 61613;

    /// <summary>The virtual host sent in CONNECT's host header (RabbitMQ needs it; ActiveMQ ignores it).</summary>
    public string? VirtualHost { get; set; }

    public string? Login { get; set; }

    [Secret]
    public string? Passcode { get; set; }

    /// <summary>How often we send heart-beats and how often we want the broker's; 0 turns one off.</summary>
    public TimeSpan HeartBeat { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a SEND waits for its RECEIPT before the connection is presumed broken.</summary>
    public TimeSpan ReceiptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A private copy for the component it configures (<see cref="OptionsCopy"/>).</summary>
    public StompOptions Clone() => OptionsCopy.Of(this);
}
