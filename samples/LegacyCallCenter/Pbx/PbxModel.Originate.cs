using System.Globalization;
using Middleware.Adapters.Ami.Protocol;
using Middleware.Samples.Ami;

namespace Middleware.Samples.Pbx;

/// <summary>
/// Action Originate as Asterisk 18–22 carries it out. main/manager.c action_originate checks the
/// action (Channel as tech/data, Timeout in ms, default 30000), answers "Originate successfully
/// queued" at once and hands the call to fast_originate, which dials (main/pbx.c
/// pbx_outgoing_attempt over main/dial.c) and, when dialing is over, sends one OriginateResponse
/// with the action's ActionID: Response Success or Failure and a Reason that is an AST_CONTROL_*
/// code (include/asterisk/frame.h): 0 the channel could not be requested, 1 hung up, 3 still
/// ringing when the timeout ran out, 4 answered, 5 busy, 8 congestion (pbx.c pbx_dial_reason).
/// A failed call's response names the channel as requested and Uniqueid &lt;null&gt; (or the
/// action's ChannelId), since the dialled channel is gone by then. Without Async: true (ast_true:
/// yes, true, y, t, 1, on) action_originate dials in the manager session's own thread
/// (ast_pbx_outgoing_exten/_app with synchronous set) and answers only when the call is answered,
/// "Originate successfully queued", or has failed, Error "Originate failed"; no OriginateResponse
/// is sent (only fast_originate sends one) — see <see cref="OriginateAndWaitAsync"/>.
/// </summary>
public sealed partial class PbxModel
{
    /// <summary>Extensions ("context,exten") that play a recording and hang up, as a dialplan does for the dialer's abandoned calls: <c>exten => abandon,1,Playback(sorry-all-agents-busy)</c>, <c>same => n,Hangup()</c>.</summary>
    public Dictionary<string, string> Announcements { get; } = new(StringComparer.Ordinal) { ["dialer-abandon,abandon"] = "sorry-all-agents-busy" };

    /// <summary>How long a recording of <see cref="Announcements"/> plays.</summary>
    public TimeSpan AnnouncementLength { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Asterisk's default when the action gives no Timeout (manager.c: int to = 30000).</summary>
    private const int DefaultOriginateTimeoutMs = 30_000;

    /// <summary>An Originate's CallerID: "Name &lt;number&gt;" or a bare number.</summary>
    private static (string? Number, string? Name) CallerId(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return (null, null);
        }

        var open = value.IndexOf('<', StringComparison.Ordinal);
        var close = value.IndexOf('>', StringComparison.Ordinal);
        return open >= 0 && close > open
            ? (value[(open + 1)..close].Trim(), value[..open].Trim().Trim('"') is { Length: > 0 } name ? name : null)
            : (value.Trim(), null);
    }

    /// <param name="Answered">A synchronous Originate: completed with whether the call was answered, instead of an OriginateResponse.</param>
    private sealed record OriginateRequest(string? ActionId, string Tech, string Data, string Requested, string? Context, string? Exten, string? Application, string? AppData,
        int TimeoutMs, string? CidNum, string? CidName, string? ChannelId, IReadOnlyList<(string Name, string Value)> Variables, TaskCompletionSource<bool>? Answered = null);

    /// <summary>Asterisk's ast_true (main/utils.c): what turns Async on.</summary>
    public static bool IsTrue(string? value) => value?.Trim().ToLowerInvariant() is "yes" or "true" or "y" or "t" or "1" or "on";

    /// <summary>Fast originate (Async: true): answered "queued" at once, the outcome in one OriginateResponse.</summary>
    private AmiWire Originate(AmiMessage a, Action<string> broadcast)
    {
        if (Request(a) is not { } request)
        {
            return RequestError(a);
        }

        _ = Task.Run(() => DialOutAsync(request, broadcast));
        return AmiWire.Response("Success", a.ActionId).Add("Message", "Originate successfully queued");
    }

    /// <summary>
    /// An Originate without Async: true, dialled before the manager answers (manager.c action_originate,
    /// synchronous ast_pbx_outgoing_exten): Success "Originate successfully queued" once the far end
    /// answered, Error "Originate failed" when it was busy, rang out or could not be dialled.
    /// </summary>
    public async Task<AmiWire> OriginateAndWaitAsync(AmiMessage a, Action<string> broadcast)
    {
        if (Request(a) is not { } request)
        {
            return RequestError(a);
        }

        var answered = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(() => DialOutAsync(request with { Answered = answered }, broadcast));
        return await answered.Task.ConfigureAwait(false)
            ? AmiWire.Response("Success", a.ActionId).Add("Message", "Originate successfully queued")
            : AmiWire.Response("Error", a.ActionId).Add("Message", "Originate failed");
    }

    /// <summary>The checks action_originate makes before dialing, in its order; the message is <see cref="RequestError"/>'s.</summary>
    private static string? Refusal(AmiMessage a) =>
        a["Channel"] is not { Length: > 0 } target || (a["Exten"] is null && a["Application"] is null) ? "Channel not specified"
        : a["Timeout"] is { Length: > 0 } t && !int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) ? "Invalid timeout"
        : target.IndexOf('/', StringComparison.Ordinal) <= 0 ? "Invalid channel"
        : null;

    private static AmiWire RequestError(AmiMessage a) => AmiWire.Response("Error", a.ActionId).Add("Message", Refusal(a)!);

    private static OriginateRequest? Request(AmiMessage a)
    {
        if (Refusal(a) is not null)
        {
            return null;
        }

        var id = a.ActionId;
        var target = a["Channel"]!;
        var timeout = a["Timeout"] is { Length: > 0 } t ? int.Parse(t, NumberStyles.Integer, CultureInfo.InvariantCulture) : DefaultOriginateTimeoutMs;
        var slash = target.IndexOf('/', StringComparison.Ordinal);

        // manager.c astman_get_variables: every Variable header, each possibly "A=1,B=2".
        var variables = a.Fields.Where(f => f.Key.Equals("Variable", StringComparison.OrdinalIgnoreCase))
            .SelectMany(f => f.Value.Split(',', StringSplitOptions.RemoveEmptyEntries))
            .Select(v => v.Split('=', 2)).Where(p => p.Length == 2).Select(p => (p[0].Trim(), p[1])).ToList();
        var (cidNum, cidName) = CallerId(a["CallerID"]);
        return new OriginateRequest(id, target[..slash], target[(slash + 1)..], target, a["Context"], a["Exten"], a["Application"], a["Data"],
            timeout, cidNum, cidName, a["ChannelId"], variables);
    }

    private void OriginateResponse(OriginateRequest r, Action<string> broadcast, PbxChannel? answered, int reason)
    {
        if (r.Answered is { } waiting)
        {
            waiting.TrySetResult(answered is not null); // synchronous: the manager's answer, no event
            return;
        }

        broadcast(Event("OriginateResponse").Add("ActionID", r.ActionId).Add("Response", answered is null ? "Failure" : "Success")
            .Add("Channel", answered?.Name ?? r.Requested).Add("Context", r.Context ?? "").Add("Exten", r.Exten ?? "")
            .Add("Application", r.Application ?? "").Add("Data", r.AppData ?? "").Add("Reason", reason.ToString(CultureInfo.InvariantCulture))
            .Add("Uniqueid", answered?.Uniqueid ?? r.ChannelId ?? "<null>").Add("CallerIDNum", r.CidNum ?? "<unknown>").Add("CallerIDName", r.CidName ?? "<unknown>").Text);
    }

    private async Task DialOutAsync(OriginateRequest r, Action<string> broadcast)
    {
        if (r.Tech is not ("PJSIP" or "SIP" or "Local" or "IAX2"))
        {
            // ast_request: "No channel type registered" (AST_CAUSE_NOSUCHDRIVER), handle_cause gives 0.
            await Clock.Wait(TimeSpan.FromMilliseconds(100));
            OriginateResponse(r, broadcast, null, 0);
            return;
        }

        // chan_pjsip names a dialled channel after its endpoint: "PJSIP/13800138000@trunk" is the
        // endpoint "trunk", channel PJSIP/trunk-0000002a. The channel is requested Down in context
        // "default", exten "s" with no caller id; Originate's variables, then its CallerID and
        // connected line are set on it (__ast_request_and_dial / pbx_outgoing_attempt).
        var at = r.Data.IndexOf('@', StringComparison.Ordinal);
        var endpoint = at >= 0 ? r.Data[(at + 1)..] : r.Data;
        var leg = NewChannel(r.Tech, endpoint, "<unknown>", "<unknown>", "default", "s", 0, uniqueid: r.ChannelId);
        foreach (var (name, value) in r.Variables)
        {
            SetVariable(leg, name, value);
        }

        if (r.CidNum is not null)
        {
            SetCallerId(leg, r.CidNum, r.CidName ?? "<unknown>");
            SetConnectedLine(leg, r.CidNum, r.CidName ?? "<unknown>");
        }

        // A number through a trunk reaches a customer; anything else is a phone of the building,
        // which rings 3 s and is picked up.
        var call = at >= 0 ? Pstn.Dial(r.Data[..at]) : new PstnCall(PstnOutcome.Human, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(20));
        var timeout = TimeSpan.FromMilliseconds(Math.Max(0, r.TimeoutMs));
        if (call.Outcome is PstnOutcome.Busy or PstnOutcome.Congestion)
        {
            // 486 Busy Here / 503: dial.c hangs the channel up (AST_CAUSE_USER_BUSY / congestion).
            await Clock.Wait(call.Ring);
            var busy = call.Outcome == PstnOutcome.Busy;
            EndUnanswered(r, broadcast, leg, busy ? 17 : 34, busy ? "User busy" : "Circuit/channel congestion", busy ? 5 : 8);
            return;
        }

        var early = TimeSpan.FromMilliseconds(300); // 100 Trying, then 180 Ringing
        await Clock.Wait(early);
        if (!IsAlive(leg))
        {
            OriginateResponse(r, broadcast, null, 1);
            return;
        }

        SetState(leg, 5); // 180 Ringing
        var answers = call.Outcome is PstnOutcome.Human or PstnOutcome.Machine && call.Ring < timeout;
        await Clock.Wait((answers ? call.Ring : timeout) - early); // dial.c counts the timeout from the request
        if (!IsAlive(leg))
        {
            OriginateResponse(r, broadcast, null, 1); // hung up from outside while ringing: AST_CONTROL_HANGUP
            return;
        }

        if (!answers)
        {
            // dial.c: the timeout ran out while ringing; the cause is AST_CAUSE_NO_ANSWER, Reason 3.
            EndUnanswered(r, broadcast, leg, 19, "User alerting, no answer", 3);
            return;
        }

        SetState(leg, 6);
        await ContinueAnsweredAsync(r, broadcast, leg, call, at >= 0);
    }

    private void EndUnanswered(OriginateRequest r, Action<string> broadcast, PbxChannel leg, int cause, string causeText, int reason)
    {
        Hangup(leg, cause, causeText);
        OriginateResponse(r, broadcast, null, reason);
    }

    /// <summary>
    /// The answered channel runs the dialplan at the action's Context/Exten (or its Application).
    /// The emulated dialer context answers as an outbound campaign's would:
    /// <code>
    /// exten => _X.,1,AMD()
    ///  same => n,GotoIf($["${AMDSTATUS}" = "MACHINE"]?machine)
    ///  same => n,Queue(${EXTEN})        ; when the exten names a queue
    ///  same => n(machine),Hangup()
    /// </code>
    /// AMD() (apps/app_amd.c) sets AMDSTATUS (HUMAN, MACHINE) and AMDCAUSE, seen as VarSet events
    /// and readable with Getvar. A phone of the building keeps the old journey: it dials the exten.
    /// </summary>
    private async Task ContinueAnsweredAsync(OriginateRequest r, Action<string> broadcast, PbxChannel leg, PstnCall call, bool customer)
    {
        if (r.Application is { Length: > 0 } app)
        {
            if (app.Equals("Queue", StringComparison.OrdinalIgnoreCase) && call.Outcome == PstnOutcome.Human)
            {
                OriginateResponse(r, broadcast, leg, 4);
                await QueueAndTalkAsync(leg, (r.AppData ?? "").Split(',')[0], call); // app_queue's own Newexten
                return;
            }

            NewExten(leg, app, r.AppData ?? "");
            OriginateResponse(r, broadcast, leg, 4);
            if (app.Equals("AMD", StringComparison.OrdinalIgnoreCase))
            {
                await DetectAsync(leg, call);
            }
            else
            {
                await Clock.Wait(call.Talk);
            }

            Hangup(leg, 16, "Normal Clearing");
            return;
        }

        lock (Sync)
        {
            leg.Context = r.Context is { Length: > 0 } c ? c : "default";
            leg.Exten = r.Exten ?? "s";
            leg.Priority = 1;
        }

        if (!customer)
        {
            NewExten(leg, "Dial", $"PJSIP/{leg.Exten}@trunk");
            OriginateResponse(r, broadcast, leg, 4);
            await Clock.Wait(call.Talk);
            Hangup(leg, 16, "Normal Clearing");
            return;
        }

        NewExten(leg, "AMD", "");
        OriginateResponse(r, broadcast, leg, 4);
        if (!await DetectAsync(leg, call))
        {
            if (IsAlive(leg))
            {
                NewExten(leg, "Hangup", "");
                Hangup(leg, 16, "Normal Clearing");
            }

            return;
        }

        bool isQueue;
        lock (Sync)
        {
            isQueue = _queues.ContainsKey(leg.Exten);
        }

        if (isQueue)
        {
            await QueueAndTalkAsync(leg, leg.Exten, call);
            return;
        }

        await Clock.Wait(call.Talk); // a person on the line with no one to talk to hangs up
        if (IsAlive(leg))
        {
            HangupRequest(leg);
            Hangup(leg, 16, "Normal Clearing");
        }
    }

    /// <summary>
    /// Action Redirect (manager.c action_redirect, ast_async_goto): the channel leaves what it was doing and runs
    /// the dialplan at Context, Exten, Priority. A caller waiting in Queue() sees the async goto as its channel
    /// going away (app_queue.c: QueueCallerAbandon, then leave_queue's QueueCallerLeave; the hold music stops).
    /// At an extension of <see cref="Announcements"/> it plays the recording, then Hangup() ends the call
    /// (a Newexten per priority, as pbx.c emits them, then the Hangup events).
    /// </summary>
    private void Redirect(PbxChannel channel, string? context, string? exten, string? priority)
    {
        if (Queues.Any(q => Waiting(q, channel)))
        {
            LeaveQueues(channel);
            MusicOnHold(channel, false);
        }

        lock (Sync)
        {
            channel.Context = context ?? channel.Context;
            channel.Exten = exten ?? channel.Exten;
            channel.Priority = int.TryParse(priority, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
        }

        if (!Announcements.TryGetValue($"{channel.Context},{channel.Exten}", out var recording))
        {
            NewExten(channel, "Goto", $"{channel.Context},{channel.Exten},{channel.Priority}");
            return;
        }

        NewExten(channel, "Playback", recording);
        _ = Task.Run(async () =>
        {
            await Clock.Wait(AnnouncementLength);
            if (IsAlive(channel))
            {
                NewExten(channel, "Hangup", "");
                Hangup(channel, 16, "Normal Clearing");
            }
        });
    }

    /// <summary>AMD() listens, then says who answered; returns true for a person (and false once the channel is gone).</summary>
    private async Task<bool> DetectAsync(PbxChannel leg, PstnCall call)
    {
        await Clock.Wait(Pstn.AmdTime);
        if (!IsAlive(leg))
        {
            return false;
        }

        var human = call.Outcome == PstnOutcome.Human;
        var ms = ((int)Pstn.AmdTime.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        SetVariable(leg, "AMDSTATUS", human ? "HUMAN" : "MACHINE");
        SetVariable(leg, "AMDCAUSE", human ? $"HUMAN-{ms}-800" : $"LONGGREETING-{ms}-1500");
        return human;
    }

    /// <summary>
    /// Queue(name): the person waits for a free member (not paused, not in a call, idle longest
    /// first, as app_queue's rrmemory/leastrecent would ring), talks, and hangs up. A hangup from
    /// outside (the dialer abandoning the wait) ends it through the Hangup action.
    /// </summary>
    private async Task QueueAndTalkAsync(PbxChannel leg, string queueName, PstnCall call)
    {
        var queued = PbxCall.Placed(this, leg);
        await queued.EnterQueueAsync(queueName);
        var queue = Queue(queueName);
        while (queued.Alive && Waiting(queue, leg)) // a Redirect takes the caller out of the queue
        {
            PbxQueueMember? member;
            lock (Sync)
            {
                member = queue.Members.Where(m => m.Status == 1 && !m.Paused && !m.InCall).OrderBy(m => m.LastCall).FirstOrDefault();
                if (member is not null)
                {
                    member.Status = 6; // claimed for this caller before another queued caller looks
                }
            }

            if (member is null)
            {
                await Clock.Wait(TimeSpan.FromSeconds(1));
                continue;
            }

            if (await queued.RingAgentAsync(member.Interface, answers: true, TimeSpan.FromSeconds(1)))
            {
                await queued.TalkAsync(call.Talk);
                queued.Hangup(byCaller: true);
                return;
            }

            lock (Sync)
            {
                if (member.Status == 6 && !member.InCall)
                {
                    member.Status = 1; // gone before the member's phone rang: the claim lapses
                }
            }
        }
    }

    private bool Waiting(PbxQueue queue, PbxChannel caller)
    {
        lock (Sync) { return queue.Entries.Any(e => e.Caller == caller); }
    }
}
