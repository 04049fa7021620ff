using Middleware.Adapters.Stomp.Framing;

namespace Middleware.Adapters.Stomp.Client;

/// <summary>A MESSAGE delivered to a subscription, with what it takes to ACK or NACK it.</summary>
public sealed class StompMessage(StompFrame frame, StompConnection connection)
{
    public StompFrame Frame { get; } = frame;

    public string? Destination => Frame["destination"];

    public string? MessageId => Frame["message-id"];

    public string BodyText => Frame.BodyText;

    public string? this[string header] => Frame[header];

    public Task AckAsync(CancellationToken cancellationToken = default) =>
        connection.SendFrameAsync("ACK", [new("id", Frame["ack"] ?? throw new InvalidOperationException("MESSAGE has no ack header: subscription is not client-individual"))], default, cancellationToken);

    public Task NackAsync(CancellationToken cancellationToken = default) =>
        connection.SendFrameAsync("NACK", [new("id", Frame["ack"] ?? throw new InvalidOperationException("MESSAGE has no ack header"))], default, cancellationToken);
}
