namespace Middleware.Adapters.Stomp.Client;

/// <summary>What our CONNECT says (STOMP 1.2, "CONNECT or STOMP Frame").</summary>
internal static class StompConnectFrame
{
    /// <summary>
    /// Version 1.2 only; the virtual host (brokers such as RabbitMQ route by it, ActiveMQ ignores it);
    /// the same heart-beat both ways; credentials when configured.
    /// </summary>
    public static List<KeyValuePair<string, string>> Headers(StompOptions options)
    {
        var beat = ((long)options.HeartBeat.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        var headers = new List<KeyValuePair<string, string>>
        {
            new("accept-version", "1.2"),
            new("host", options.VirtualHost ?? options.Host),
            new("heart-beat", $"{beat},{beat}"),
        };
        if (options.Login is not null)
        {
            headers.Add(new("login", options.Login));
            headers.Add(new("passcode", options.Passcode ?? ""));
        }

        return headers;
    }
}
