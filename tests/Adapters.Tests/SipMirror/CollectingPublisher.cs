using System.Collections.Concurrent;
using Middleware.Core.Events;
using Middleware.Core.Pipeline;

namespace Middleware.Adapters.Tests.SipMirror;

/// <summary>Keeps what a source published, and waits for an event to arrive.</summary>
internal sealed class CollectingPublisher : IEventPublisher
{
    private readonly ConcurrentQueue<EventEnvelope> _events = new();
    private readonly SemaphoreSlim _signal = new(0);

    public IReadOnlyList<EventEnvelope> Events => _events.ToList();

    public ValueTask PublishBatchAsync(IReadOnlyList<EventEnvelope> batch, CancellationToken cancellationToken = default)
    {
        foreach (var e in batch)
        {
            _events.Enqueue(e);
        }

        _signal.Release();
        return ValueTask.CompletedTask;
    }

    public ValueTask PublishAsync(EventEnvelope envelope, CancellationToken cancellationToken = default) => PublishBatchAsync([envelope], cancellationToken);

    public async Task WaitForAsync(Func<EventEnvelope, bool> condition, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!_events.Any(condition))
        {
            await _signal.WaitAsync(cts.Token);
        }
    }
}
