using Middleware.Core.Queues;

namespace Middleware.Samples.Pbx;

/// <summary>How the emulated app_queue distributes (queues.conf and the dialplan around it).</summary>
public sealed class PbxAcdOptions
{
    /// <summary>queues.conf <c>strategy=</c>, the same for every queue.</summary>
    public AppQueueStrategy Strategy { get; init; } = AppQueueStrategy.RrMemory;

    /// <summary>queues.conf <c>weight=</c> per queue: a member in several queues serves the heavier one first.</summary>
    public Dictionary<string, int> Weights { get; init; } = new(StringComparer.Ordinal);

    /// <summary>How long a member's phone rings before the agent picks up (virtual time).</summary>
    public TimeSpan Ring { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>After-call work per member interface: the agent is paused ("wrap-up") this long after each call.</summary>
    public Dictionary<string, TimeSpan> WrapUp { get; init; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The dialplan the middleware redirects to (routing.redirect): <c>[ai-route] exten => s,1,Dial(Local/${AI_AGENT}@agents)</c>,
    /// falling back to <c>Queue()</c> when the agent cannot take the call.
    /// </summary>
    public string RoutingContext { get; init; } = "ai-route";

    public string RoutingExten { get; init; } = "s";

    /// <summary>Seed of random and wrandom (and ringall's first pick-up).</summary>
    public int Seed { get; init; } = 1;
}

/// <summary>A caller connected to an agent: through the queue, or by the dialplan after a redirect.</summary>
public sealed record AcdConnection(PbxCall Call, PbxQueueMember Member, string Queue, double WaitedSeconds, bool Redirected);

/// <summary>
/// app_queue distributing by itself (apps/app_queue.c, autofill=yes): every waiting caller, in
/// queue order (QUEUE_PRIO, then arrival; QueueChangePriorityCaller reorders), rings the free
/// member <see cref="AppQueueMetric"/> ranks lowest — not paused, device not in use or ringing —
/// and on answer is bridged with AgentConnect; rrmemory remembers who answered. A redirect of a
/// waiting caller to the routing context leaves the queue (QueueCallerLeave) and dials the member
/// named in AI_AGENT. Who hangs up when is the owner's: <see cref="Connected"/> returns the talk time.
/// </summary>
public sealed class PbxAcd
{
    private readonly PbxModel _pbx;
    private readonly PbxAcdOptions _options;
    private readonly Random _random;
    private readonly Lock _sync = new();
    private readonly Dictionary<PbxChannel, Waiting> _waiting = [];
    private readonly Dictionary<string, DateTimeOffset> _lastCall = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _roundRobin = new(StringComparer.Ordinal);

    public PbxAcd(PbxModel pbx, PbxAcdOptions? options = null)
    {
        _pbx = pbx;
        _options = options ?? new PbxAcdOptions();
        _random = new Random(_options.Seed);
        pbx.Acd = this;
    }

    /// <summary>Told of each connection; returns how long the conversation lasts (default 3 minutes).</summary>
    public Func<AcdConnection, TimeSpan>? Connected { get; set; }

    /// <summary>Told when an agent's call and after-call work are over.</summary>
    public Action<AcdConnection>? Finished { get; set; }

    /// <summary>The caller enters <c>Queue(queue)</c> and waits its turn.</summary>
    public void Enqueue(PbxCall call, string queue)
    {
        lock (_sync)
        {
            _waiting[call.Caller] = new Waiting(call, queue, _pbx.Clock.GetUtcNow());
            _ = call.EnterQueueAsync(queue);
        }

        Distribute();
    }

    /// <summary>
    /// The caller gives up; false when it did not (a member answered first). A caller being
    /// dialled to its AI_AGENT hangs up only if that dial fails and it is back in the queue.
    /// </summary>
    public async Task<bool> AbandonAsync(PbxCall call)
    {
        while (true)
        {
            Task<bool>? pending;
            bool ringing;
            lock (_sync)
            {
                if (!_waiting.TryGetValue(call.Caller, out var waiting))
                {
                    return false;
                }

                ringing = !waiting.Dialling;
                if (waiting.Dialling)
                {
                    pending = waiting.Redirect;
                }
                else
                {
                    waiting.Gone = true;
                    waiting.Cancel.Cancel();
                    pending = waiting.Ring;
                    if (pending is null)
                    {
                        _waiting.Remove(call.Caller);
                        call.Abandon();
                        break;
                    }
                }
            }

            if (pending is not null && await pending)
            {
                return false;
            }

            if (ringing)
            {
                return true; // the cancelled ring's end took the caller out (AnswerAsync)
            }
        }

        Distribute();
        return true;
    }

    /// <summary>Rings a free member for each waiting caller it can serve, heavier queues first.</summary>
    public void Distribute()
    {
        lock (_sync)
        {
            foreach (var queue in _pbx.Queues.OrderByDescending(q => _options.Weights.GetValueOrDefault(q.Name)))
            {
                List<PbxQueueEntry> entries;
                lock (_pbx.Sync)
                {
                    entries = [.. queue.Entries];
                }

                foreach (var entry in entries)
                {
                    if (!_waiting.TryGetValue(entry.Caller, out var waiting) || waiting.Ring is not null || waiting.Dialling || waiting.Gone)
                    {
                        continue;
                    }

                    var free = queue.Members.Where(Available).ToList();
                    if (free.Count == 0)
                    {
                        break;
                    }

                    var now = _pbx.Clock.GetUtcNow();
                    var pick = AppQueueMetric.Choose(_options.Strategy, free.Count, i => Facts(queue, free[i], now), _roundRobin.GetValueOrDefault(queue.Name), _random);
                    var member = free[pick];
                    waiting.Ring = waiting.Call.RingAgentAsync(member.Interface, answers: true, _options.Ring, waiting.Cancel.Token);
                    Track(AnswerAsync(waiting, queue, member));
                }
            }
        }
    }

    /// <summary>A redirect of a waiting caller to the routing context: true when the emulated dialplan takes it.</summary>
    internal bool TryRedirect(PbxChannel channel, string? context, string? exten)
    {
        if (context != _options.RoutingContext || (exten ?? _options.RoutingExten) != _options.RoutingExten)
        {
            return false;
        }

        lock (_sync)
        {
            if (!_waiting.TryGetValue(channel, out var waiting) || waiting.Dialling || waiting.Gone)
            {
                return false; // a caller hanging up is not dialled anywhere
            }

            waiting.Dialling = true;
            waiting.Cancel.Cancel();
            waiting.Redirect = RedirectAsync(waiting);
            Track(waiting.Redirect);
            return true;
        }
    }

    private static bool Available(PbxQueueMember member) => !member.Paused && DeviceFree(member);

    /// <summary>A Dial reaches the phone whatever the queue thinks (paused or not); only a device in use or ringing refuses it.</summary>
    private static bool DeviceFree(PbxQueueMember member) => member.Status == 1 && !member.InCall;

    private QueueMemberFacts Facts(PbxQueue queue, PbxQueueMember member, DateTimeOffset now) =>
        new(queue.Members.IndexOf(member), member.Penalty, member.CallsTaken,
            _lastCall.TryGetValue(member.Interface, out var last) ? (now - last).TotalSeconds : double.NaN);

    private async Task AnswerAsync(Waiting waiting, PbxQueue queue, PbxQueueMember member)
    {
        var answered = await waiting.Ring!;
        AcdConnection connection;
        lock (_sync)
        {
            waiting.Ring = null;
            if (!answered)
            {
                if (waiting.Gone && !waiting.Dialling)
                {
                    _waiting.Remove(waiting.Call.Caller);
                    waiting.Call.Abandon(); // the ring was cancelled by the caller's hang-up
                }
                else if (!waiting.Dialling)
                {
                    waiting.Cancel = new CancellationTokenSource();
                }
            }
            else
            {
                _waiting.Remove(waiting.Call.Caller);
                _roundRobin[queue.Name] = AppQueueMetric.NextRoundRobin(_options.Strategy, queue.Members.IndexOf(member), _roundRobin.GetValueOrDefault(queue.Name));
            }
        }

        if (!answered)
        {
            Distribute();
            return;
        }

        connection = new AcdConnection(waiting.Call, member, queue.Name, Waited(waiting), Redirected: false);
        await ServeAsync(connection);
    }

    /// <summary>
    /// The redirected caller leaves Queue() (its music stops, QueueCallerLeave) and runs the routing
    /// extension: Dial the member named in AI_AGENT. An unknown or busy agent, or no answer, sends
    /// the caller back into the queue, keeping the time already waited.
    /// </summary>
    private async Task<bool> RedirectAsync(Waiting waiting)
    {
        await Task.Yield(); // the action's response goes out before the dialplan runs
        if (waiting.Ring is { } ring && await ring)
        {
            return true; // the queue's member answered before the redirect took the caller out
        }

        var call = waiting.Call;
        Task<bool> dial;
        PbxQueueMember? member;
        lock (_sync)
        {
            if (!call.Alive || !_waiting.ContainsKey(call.Caller))
            {
                return false;
            }

            _pbx.MusicOnHold(call.Caller, false);
            _pbx.QueueLeave(_pbx.Queue(waiting.Queue), call.Caller);
            var agent = call.Caller.Variables.GetValueOrDefault("AI_AGENT", "");
            _pbx.Goto(call.Caller, _options.RoutingContext, _options.RoutingExten, "Dial", $"Local/{agent}@agents");
            member = _pbx.Queues.SelectMany(q => q.Members).FirstOrDefault(m => m.Interface == agent || m.Name == agent);
            dial = member is not null && DeviceFree(member) ? call.DialMemberAsync(member, _options.Ring) : Task.FromResult(false);
        }

        if (await dial)
        {
            lock (_sync)
            {
                _waiting.Remove(call.Caller);
            }

            Track(ServeAsync(new AcdConnection(call, member!, waiting.Queue, Waited(waiting), Redirected: true)));
            return true;
        }

        lock (_sync)
        {
            waiting.Dialling = false;
            waiting.Cancel = new CancellationTokenSource();
            if (!call.Alive)
            {
                _waiting.Remove(call.Caller);
                return false;
            }

            _pbx.SetVariable(call.Caller, "DIALSTATUS", member is null ? "CHANUNAVAIL" : "BUSY");
            _ = call.EnterQueueAsync(waiting.Queue);
        }

        Distribute();
        return false;
    }

    /// <summary>The conversation, the caller's hang-up, then the agent's after-call work as a pause.</summary>
    private async Task ServeAsync(AcdConnection connection)
    {
        var talk = Connected?.Invoke(connection) ?? TimeSpan.FromMinutes(3);
        await connection.Call.TalkAsync(talk);
        var iface = connection.Member.Interface;
        var wrap = _options.WrapUp.GetValueOrDefault(iface);
        lock (_sync)
        {
            connection.Call.Hangup(byCaller: true);
            _lastCall[iface] = _pbx.Clock.GetUtcNow();
            if (wrap > TimeSpan.Zero)
            {
                _pbx.PauseMember(null, iface, true, "wrap-up");
            }
        }

        if (wrap > TimeSpan.Zero)
        {
            await _pbx.Clock.Wait(wrap);
            _pbx.PauseMember(null, iface, false, "");
        }

        Finished?.Invoke(connection);
        Distribute();
    }

    private double Waited(Waiting waiting) => (_pbx.Clock.GetUtcNow() - waiting.JoinedAt).TotalSeconds;

    /// <summary>A call's journey runs on its own; a fault in it must not go unseen (the emulator's stderr, as a PBX's log).</summary>
    private static void Track(Task task) => task.ContinueWith(
        static t => Console.Error.WriteLine($"emulated queue: a call's journey failed: {t.Exception!.GetBaseException()}"),
        CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    private sealed class Waiting(PbxCall call, string queue, DateTimeOffset joinedAt)
    {
        public PbxCall Call { get; } = call;

        public string Queue { get; } = queue;

        public DateTimeOffset JoinedAt { get; } = joinedAt;

        /// <summary>A member ringing for this caller (the queue's ring, true when answered).</summary>
        public Task<bool>? Ring { get; set; }

        public CancellationTokenSource Cancel { get; set; } = new();

        /// <summary>The redirect's dial (true when the agent answered).</summary>
        public Task<bool>? Redirect { get; set; }

        /// <summary>The caller hung up; its ring is being cancelled.</summary>
        public bool Gone { get; set; }

        /// <summary>Out of the queue, the dialplan dialling AI_AGENT.</summary>
        public bool Dialling { get; set; }
    }
}
