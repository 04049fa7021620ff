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

    /// <summary>
    /// QueueCallerAbandon: app_queue's record_abandoned, sent when the caller hung up while queued
    /// and, in Asterisk 22, when the queue's timeout expired too (apps/app_queue.c queue_exec, the
    /// "EXITWITHTIMEOUT" branches call record_abandoned before reason = QUEUE_TIMEOUT). A caller
    /// who already asked to hang up abandoned; otherwise the QUEUESTATUS VarSet that follows
    /// (set_queue_result) or the caller's own Hangup tells which it was.
    /// </summary>
    public void OnQueueCallerAbandon(in AmiMessageContext e)
    {
        if (book.CallByLinkedid(e) is not { } call || call.Dequeued)
        {
            return;
        }

        var message = e.Live;
        var wait = message.Int("HoldTime") is { } hold ? hold : call.WaitSeconds(e.At);
        var dequeued = new CallDequeued(message["Queue"] ?? call.Queue ?? "", DequeueReason.Abandoned, wait, message.Int("Position"));
        if (call.HangupRequestedBy == call.OriginUniqueid)
        {
            Abandoned(e, call, dequeued);
            return;
        }

        call.PendingAbandon = dequeued;
    }

    /// <summary>VarSet QUEUESTATUS on the caller's leg: TIMEOUT, FULL, JOINEMPTY, LEAVEEMPTY... the caller left the queue and goes on in the dialplan.</summary>
    public void OnVarSet(in AmiMessageContext e)
    {
        var message = e.Live;
        if (!message.Is("Variable", "QUEUESTATUS") || book.ChannelOf(message) is not { } channel || book.CallOf(channel, e) is not { PendingAbandon: { } pending } call
            || channel.Uniqueid != call.OriginUniqueid)
        {
            return;
        }

        call.PendingAbandon = null;
        call.Dequeued = true;
        var reason = message.Is("Value", "TIMEOUT") ? DequeueReason.Timeout : DequeueReason.Left;
        e.Emit(call.CallId, pending with { Reason = reason });
    }

    /// <summary>The caller's leg hangs up (or asks to) with an abandon pending: the caller gave up.</summary>
    public void OnCallerHangup(in AmiMessageContext e)
    {
        if (book.ChannelOf(e.Live) is { } channel && book.CallOf(channel, e) is { PendingAbandon: { } pending } call && channel.Uniqueid == call.OriginUniqueid)
        {
            Abandoned(e, call, pending);
        }
    }

    /// <summary>Leave follows AgentConnect when answered (then already dequeued) and follows an abandon (decided apart); otherwise the caller left by dialplan.</summary>
    public void OnQueueCallerLeave(in AmiMessageContext e)
    {
        if (book.CallByLinkedid(e) is not { } call || call.Dequeued || call.PendingAbandon is not null)
        {
            return;
        }

        var message = e.Live;
        call.Dequeued = true;
        var reason = call.AnsweredInQueue ? DequeueReason.Answered : DequeueReason.Left;
        e.Emit(call.CallId, new CallDequeued(message["Queue"] ?? call.Queue ?? "", reason, call.WaitSeconds(e.At), message.Int("Position")));
    }

    /// <summary>The caller hung up while queued: that is who ended the call, whatever leg app_queue tears down first.</summary>
    private static void Abandoned(in AmiMessageContext e, AmiCall call, CallDequeued dequeued)
    {
        call.PendingAbandon = null;
        call.Dequeued = true;
        call.CompletionReason ??= "caller";
        e.Emit(call.CallId, dequeued);
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
