namespace Middleware.Host.Output;

/// <summary>
/// Prints instead of journaling, one JSON line per event: the `tail` verbs are a looking glass, not
/// a recorder. Audio chunks are left out (kilobytes of PCM a second per leg, unreadable on a console).
/// </summary>
internal sealed class ConsoleEventPublisher : IEventPublisher
{
    private readonly Lock _lock = new();

    public ValueTask PublishBatchAsync(IReadOnlyList<EventEnvelope> batch, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            foreach (var e in batch)
            {
                if (e.Payload is not AudioChunk)
                {
                    Console.Out.WriteLine(EventJsonLine.Format(e));
                }
            }

            Console.Out.Flush();
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask PublishAsync(EventEnvelope envelope, CancellationToken cancellationToken = default) => PublishBatchAsync([envelope], cancellationToken);
}
