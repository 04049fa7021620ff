namespace Middleware.Samples.Pbx;

/// <summary>
/// One caller's journey through the emulated PBX, step by step in virtual time; each step emits
/// what Asterisk 18 emits for it. Steps on a call that was hung up from outside (an AMI Hangup)
/// end the journey quietly.
/// </summary>
public sealed class PbxCall
{
    private readonly PbxModel _pbx;
    private PbxQueue? _queue;
    private PbxQueueMember? _member;
    private DateTimeOffset _connectedAt;
    private int _waited;
    private bool _viaQueue;

    private PbxCall(PbxModel pbx, PbxChannel caller)
    {
        _pbx = pbx;
        Caller = caller;
    }

    public PbxChannel Caller { get; }

    /// <summary>The leg the caller is talking to (an agent, or a transfer target).</summary>
    public PbxChannel? Other { get; private set; }

    public string CallId => Caller.Linkedid;

    public bool Alive => _pbx.IsAlive(Caller);

    /// <summary>A call from the PSTN arrives on the trunk and the PBX answers it (IVR).</summary>
    public static PbxCall Inbound(PbxModel pbx, string from, string name, string did)
    {
        var caller = pbx.NewChannel("PJSIP", "trunk", from, name, "from-trunk", did, state: 4);
        pbx.SetVariable(caller, "__FROM_DID", did);
        pbx.NewExten(caller, "Answer", "");
        pbx.SetState(caller, 6);
        return new PbxCall(pbx, caller);
    }

    /// <summary>A channel the PBX placed itself (an Originate) continuing in the dialplan as a caller would.</summary>
    public static PbxCall Placed(PbxModel pbx, PbxChannel channel) => new(pbx, channel);

    public Task PressAsync(string digits) => PressAsync(Caller, digits);

    /// <summary>The agent (or whoever the caller talks to) presses keys: a feature code, a survey answer.</summary>
    public Task AgentPressAsync(string digits) => Other is { } other ? PressAsync(other, digits) : Task.CompletedTask;

    private async Task PressAsync(PbxChannel channel, string digits)
    {
        foreach (var digit in digits)
        {
            if (!Alive)
            {
                return;
            }

            _pbx.Dtmf(channel, digit);
            await _pbx.Clock.Wait(TimeSpan.FromSeconds(1));
        }
    }

    public Task EnterQueueAsync(string queue)
    {
        if (Alive)
        {
            _queue = _pbx.Queue(queue);
            _pbx.NewExten(Caller, "Queue", queue);
            _pbx.QueueJoin(_queue, Caller);

            // app_queue.c queue_exec: ast_moh_start(chan, qe.moh, NULL) once the caller has joined;
            // this music is the queue's, not a hold.
            _pbx.MusicOnHold(Caller, true);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The queue rings a member; returns whether the member answered. A cancelled ring (the caller
    /// was taken out of the queue meanwhile, e.g. redirected) ends as app_queue's hangupcalls ends
    /// the outgoing legs: DialEnd CANCEL and the leg's Hangup, no AgentRingNoAnswer.
    /// </summary>
    public async Task<bool> RingAgentAsync(string iface, bool answers, TimeSpan ring, CancellationToken cancel = default)
    {
        if (!Alive || _queue is null || _queue.Member(iface) is not { } member)
        {
            return false;
        }

        var peer = iface[(iface.IndexOf('/', StringComparison.Ordinal) + 1)..];
        var leg = DialledLeg(peer, "from-queue");
        _pbx.AgentCalled(_queue, member, Caller, leg);
        _pbx.DialBegin(Caller, leg, iface);
        _pbx.SetState(leg, 5);
        _pbx.MemberStatus(iface, 6);
        if (!await RingAsync(leg, iface, ring, cancel))
        {
            return false;
        }

        var ringMs = (int)ring.TotalMilliseconds;
        if (!answers)
        {
            _pbx.DialEnd(Caller, leg, "NOANSWER");
            _pbx.Hangup(leg, 19, "No answer");
            _pbx.AgentRingNoAnswer(_queue, member, Caller, leg, ringMs);
            _pbx.MemberStatus(iface, 1, inCall: false);
            return false;
        }

        _pbx.SetState(leg, 6);
        _pbx.DialEnd(Caller, leg, "ANSWER");

        // try_calling stops the queue's music on the caller before bridging it to the member.
        _pbx.MusicOnHold(Caller, false);
        _waited = _pbx.QueueLeave(_queue, Caller);
        _pbx.Connect(Caller, leg, peer, member.Name);
        _pbx.Bridge(Caller, leg);
        _pbx.MemberStatus(iface, 2, inCall: true);
        _pbx.AgentConnect(_queue, member, Caller, leg, _waited, ringMs);
        _member = member;
        _viaQueue = true;
        Other = leg;
        _connectedAt = _pbx.Clock.GetUtcNow();
        return true;
    }

    /// <summary>
    /// The dialplan dials a member's phone outside the queue (a redirect to <c>Dial(...)</c>): the
    /// caller has already left the queue; the device rings, answers and is bridged, and the member's
    /// device state shows in use, but app_queue reports no AgentConnect/AgentComplete for it.
    /// </summary>
    public async Task<bool> DialMemberAsync(PbxQueueMember member, TimeSpan ring)
    {
        if (!Alive)
        {
            return false;
        }

        var iface = member.Interface;
        var peer = iface[(iface.IndexOf('/', StringComparison.Ordinal) + 1)..];
        var leg = DialledLeg(peer, "from-internal");
        _pbx.DialBegin(Caller, leg, iface);
        _pbx.SetState(leg, 5);
        _pbx.MemberStatus(iface, 6);
        if (!await RingAsync(leg, iface, ring, CancellationToken.None))
        {
            return false;
        }

        _pbx.SetState(leg, 6);
        _pbx.DialEnd(Caller, leg, "ANSWER");
        _pbx.Connect(Caller, leg, peer, member.Name);
        _pbx.Bridge(Caller, leg);
        _pbx.MemberStatus(iface, 2, inCall: true);
        _member = member;
        _viaQueue = false;
        Other = leg;
        _connectedAt = _pbx.Clock.GetUtcNow();
        return true;
    }

    /// <summary>Waits out the ring; false (the leg hung up, the device free again) when the caller went or the ring was cancelled.</summary>
    private async Task<bool> RingAsync(PbxChannel leg, string iface, TimeSpan ring, CancellationToken cancel)
    {
        try
        {
            await _pbx.Clock.Wait(ring, cancel);
        }
        catch (OperationCanceledException)
        {
            _pbx.DialEnd(Caller, leg, "CANCEL");
            _pbx.Hangup(leg, 16, "Normal Clearing");
            _pbx.MemberStatus(iface, 1, inCall: false);
            return false;
        }

        if (!Alive)
        {
            _pbx.Hangup(leg, 16, "Normal Clearing");
            _pbx.MemberStatus(iface, 1, inCall: false);
            return false;
        }

        return true;
    }

    public Task TalkAsync(TimeSpan duration) => _pbx.Clock.Wait(duration);

    /// <summary>The agent puts the caller on hold (music), then picks up again.</summary>
    public async Task HoldAsync(TimeSpan duration)
    {
        if (!Alive)
        {
            return;
        }

        var holder = Other ?? Caller;
        _pbx.Hold(holder, Caller, true);
        await _pbx.Clock.Wait(duration);
        if (Alive)
        {
            _pbx.Hold(holder, Caller, false);
        }
    }

    /// <summary>The agent blind-transfers the caller to another extension, which answers.</summary>
    public async Task BlindTransferAsync(string exten, string name)
    {
        if (!Alive || Other is not { } agentLeg)
        {
            return;
        }

        _pbx.BlindTransfer(agentLeg, Caller, "from-internal", exten);
        CompleteAgent("transfer");
        _pbx.Hangup(agentLeg, 16, "Normal Clearing");
        var target = DialledLeg(exten, "from-internal");
        _pbx.DialBegin(Caller, target, "PJSIP/" + exten);
        _pbx.SetState(target, 5);
        await _pbx.Clock.Wait(TimeSpan.FromSeconds(4));
        _pbx.SetState(target, 6);
        _pbx.DialEnd(Caller, target, "ANSWER");
        _pbx.Connect(Caller, target, exten, name);
        _pbx.Bridge(Caller, target);
        Other = target;
    }

    /// <summary>Someone hangs up: the caller, or the party the caller talks to.</summary>
    public void Hangup(bool byCaller)
    {
        if (!Alive)
        {
            // Hung up from outside (an AMI Hangup took both legs): the member's call still ends.
            CompleteAgent("caller");
            return;
        }

        var first = byCaller || Other is null ? Caller : Other;
        _pbx.HangupRequest(first);
        _pbx.LeaveBridge(first);
        CompleteAgent(byCaller ? "caller" : "agent");
        if (Other is { } other && other != first)
        {
            _pbx.Hangup(other, 16, "Normal Clearing");
        }

        _pbx.Hangup(first, 16, "Normal Clearing");
        if (first != Caller)
        {
            _pbx.Hangup(Caller, 16, "Normal Clearing");
        }
    }

    /// <summary>The caller gives up while waiting in the queue.</summary>
    public void Abandon()
    {
        if (!Alive || _queue is null)
        {
            return;
        }

        _pbx.HangupRequest(Caller);
        _pbx.QueueAbandon(_queue, Caller);
        _pbx.QueueLeave(_queue, Caller);
        _pbx.Hangup(Caller, 16, "Normal Clearing");
    }

    /// <summary>
    /// A leg the PBX dials for the caller. Asterisk gives it the caller's id (app_dial.c
    /// dial_exec_full sets the outgoing channel's caller to the calling party, app_queue.c
    /// ring_entry does the same for a member), so the phone shows who calls: in AMI the leg's
    /// CallerIDNum is the caller's number, not the phone's own.
    /// </summary>
    private PbxChannel DialledLeg(string peer, string context)
    {
        var leg = _pbx.NewChannel("PJSIP", peer, Caller.CallerIdNum, Caller.CallerIdName, context, peer, state: 0, linkedid: Caller.Linkedid);
        leg.ConnectedNum = Caller.CallerIdNum;
        leg.ConnectedName = Caller.CallerIdName;
        return leg;
    }

    /// <summary>
    /// The queue's timeout expires with no member free, as Asterisk 22 reports it (apps/app_queue.c
    /// queue_exec): record_abandoned sends QueueCallerAbandon although the caller is still there,
    /// the queue's music stops, leave_queue sends QueueCallerLeave, set_queue_result sets
    /// QUEUESTATUS=TIMEOUT, and the caller goes on in the dialplan (here to voicemail).
    /// </summary>
    public void QueueTimeout()
    {
        if (!Alive || _queue is null)
        {
            return;
        }

        _pbx.QueueAbandon(_queue, Caller);
        _pbx.MusicOnHold(Caller, false);
        _pbx.QueueLeave(_queue, Caller);
        _pbx.SetVariable(Caller, "QUEUESTATUS", "TIMEOUT");
        _pbx.NewExten(Caller, "VoiceMail", _queue.Name + "@default,u");
    }

    private void CompleteAgent(string reason)
    {
        if (_member is { } member && Other is { } leg)
        {
            if (_viaQueue && _queue is { } queue)
            {
                var talk = (int)(_pbx.Clock.GetUtcNow() - _connectedAt).TotalSeconds;
                _pbx.AgentComplete(queue, member, Caller, leg, _waited, talk, reason);
            }

            _pbx.MemberStatus(member.Interface, 1, inCall: false);
            _member = null;
        }
    }
}
