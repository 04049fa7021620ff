using Middleware.Core.Events;

namespace Middleware.Adapters.Ami.Normalization;

/// <summary>
/// app_queue's view of callers and queues: a caller joining a queue (QueueCallerJoin, Join before
/// Asterisk 12), leaving it answered or not (QueueCallerLeave, Leave), abandoning it
/// (QueueCallerAbandon), and the queue's own totals (QueueParams, QueueSummary).
/// </summary>
internal sealed class AmiQueueMapper(AmiCallBook book)
{
    public void OnQueueCallerJoin(in AmiMessageContext e)
    {
        if (book.CallByLinkedid(e) is not { } call)
        {
            return;
        }

        var message = e.Live;
        call.Queue = message["Queue"];
        call.QueuedAt = e.At;
        call.Dequeued = false;
        e.Emit(call.CallId, new CallQueued(call.Queue ?? "", message.Int("Position") ?? 0, message.Int("Count") ?? 0));
    }

    /// <summary>The caller hung up while queued; app_queue's HoldTime, when it sends one, is its wait.</summary>
    public void OnQueueCallerAbandon(in AmiMessageContext e)
    {
        if (book.CallByLinkedid(e) is not { } call || call.Dequeued)
        {
            return;
        }

        var message = e.Live;
        call.Dequeued = true;
        var wait = message.Int("HoldTime") is { } hold ? hold : call.WaitSeconds(e.At);
        e.Emit(call.CallId, new CallDequeued(message["Queue"] ?? call.Queue ?? "", DequeueReason.Abandoned, wait, message.Int("Position")));
    }

    /// <summary>Leave follows AgentConnect when answered (then already dequeued); otherwise the caller left by timeout or dialplan.</summary>
    public void OnQueueCallerLeave(in AmiMessageContext e)
    {
        if (book.CallByLinkedid(e) is not { } call || call.Dequeued)
        {
            return;
        }

        var message = e.Live;
        call.Dequeued = true;
        var reason = call.AnsweredInQueue ? DequeueReason.Answered : DequeueReason.Left;
        e.Emit(call.CallId, new CallDequeued(message["Queue"] ?? call.Queue ?? "", reason, call.WaitSeconds(e.At), message.Int("Position")));
    }

    public void OnQueueParams(in AmiMessageContext e, bool synthesized = false)
    {
        var message = e.Live;
        e.Emit(null, new QueueStateChanged(message["Queue"] ?? "", "params", Waiting: message.Int("Calls"), Completed: message.Int("Completed"),
            Abandoned: message.Int("Abandoned"), ServiceLevelPercent: message.Double("ServicelevelPerf"), Strategy: message["Strategy"]), synthesized);
    }

    public void OnQueueSummary(in AmiMessageContext e, bool synthesized = false)
    {
        var message = e.Live;
        e.Emit(null, new QueueStateChanged(message["Queue"] ?? "", "summary", Waiting: message.Int("Callers"), LoggedIn: message.Int("LoggedIn"),
            Available: message.Int("Available"), LongestHoldSeconds: message.Int("LongestHoldTime")), synthesized);
    }
}
