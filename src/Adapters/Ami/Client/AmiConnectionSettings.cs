using Middleware.Adapters.Ami.Framing;
using Middleware.Adapters.Ami.Protocol;

namespace Middleware.Adapters.Ami.Client;

/// <summary>What a connection needs besides its socket: where events go, the clock, the logger.</summary>
/// <param name="OnReceived">Every chunk of bytes as read from the socket, before framing (a session recorder's tap); called on the read loop, in order.</param>
public sealed record AmiConnectionSettings(
    string Endpoint,
    Func<IReadOnlyList<AmiMessage>, ValueTask> OnEvents,
    TimeProvider Time,
    ILogger Logger,
    int MaxMessageBytes = 1024 * 1024,
    Action<AmiFramingError>? OnFramingError = null,
    Action<ReadOnlyMemory<byte>>? OnReceived = null);
