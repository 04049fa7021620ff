using Middleware.Adapters.Ami.Protocol;

namespace Middleware.Adapters.Ami.Client;

/// <summary>
/// The actions of one session still waiting for their answer, by ActionID: a Response, for an
/// event-list action the events up to "EventList: Complete", and for an async action (Originate)
/// the later event that carries the same ActionID.
/// </summary>
internal sealed class AmiActionTable
{
    private readonly ConcurrentDictionary<string, PendingAction> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<AmiMessage>> _eventWaiters = new(StringComparer.Ordinal);

    public PendingAction Add(string actionId, string actionName, bool isEventList)
    {
        var pending = new PendingAction(actionName, isEventList);
        _pending[actionId] = pending;
        return pending;
    }

    public void Remove(string actionId) => _pending.TryRemove(actionId, out _);

    /// <summary>Waits for the event <paramref name="eventName"/> carrying <paramref name="actionId"/>; remove it with <see cref="RemoveEventWaiter"/>.</summary>
    public Task<AmiMessage> AddEventWaiter(string actionId, string eventName)
    {
        var waiter = new TaskCompletionSource<AmiMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _eventWaiters[actionId + "|" + eventName] = waiter;
        return waiter.Task;
    }

    public void RemoveEventWaiter(string actionId, string eventName) => _eventWaiters.TryRemove(actionId + "|" + eventName, out _);

    /// <returns>True when the message was an answer to a waiting action (then it is not an event for the handler).</returns>
    public bool TryAnswer(AmiMessage message)
    {
        if (message.ActionId is not { } actionId || !_pending.TryGetValue(actionId, out var pending))
        {
            return false;
        }

        if (message.IsResponse)
        {
            pending.Response = message;
            var listFollows = message.Is("EventList", "start");
            if (!pending.IsEventList || !listFollows || !message.Is("Response", "Success"))
            {
                pending.TrySetResult(new AmiResponse(message, pending.Events));
            }

            return true;
        }

        if (pending.IsEventList && message.IsEvent)
        {
            // Asterisk ends most lists with EventList: Complete; some older actions only with an event named *Complete.
            if (message.Is("EventList", "Complete") || (message.Event?.EndsWith("Complete", StringComparison.Ordinal) ?? false))
            {
                pending.TrySetResult(new AmiResponse(pending.Response ?? message, pending.Events));
            }
            else
            {
                pending.Events.Add(message);
            }

            return true;
        }

        return false;
    }

    /// <summary>An event that an async action waits for is still an event: the caller delivers it as usual.</summary>
    public void NotifyEventWaiter(AmiMessage message)
    {
        if (message.ActionId is { } actionId && message.Event is { } name && _eventWaiters.TryGetValue(actionId + "|" + name, out var waiter))
        {
            waiter.TrySetResult(message);
        }
    }

    /// <summary>
    /// The session is over: every action still waiting fails with the reason, and so does every wait for an
    /// async action's event (an OriginateResponse cannot come on a closed session; without this the Originate
    /// would wait out its whole timeout).
    /// </summary>
    public void FailAll(string reason)
    {
        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(new AmiConnectionLostException(reason));
        }

        foreach (var waiter in _eventWaiters.Values)
        {
            waiter.TrySetException(new AmiConnectionLostException(reason));
        }
    }
}
