using Middleware.Core.Queues;
using Middleware.Enrichment.Analytics.Simulation;
using Middleware.Samples.Ami;
using Middleware.Samples.Pbx;

namespace Middleware.Samples.Simulation;

/// <summary>How long and how fast a wired run plays, and the PBX's own delays.</summary>
public sealed record WiredOptions
{
    /// <summary>Simulated hours from <see cref="FromHour"/>.</summary>
    public double Hours { get; init; } = 1;

    /// <summary>Hour of the day the window starts (default: the scenario's busiest hour). The floor starts empty.</summary>
    public int? FromHour { get; init; }

    /// <summary>
    /// PBX clock speed (virtual seconds per real second). The middleware's latency is real time, so
    /// it grows with the speed: at 10× a 3 s ring is 300 ms, which the middleware's
    /// queued → Redirect round trip beats on a loaded 2-core machine; at 20× (150 ms) it mostly does not.
    /// </summary>
    public double Speed { get; init; } = 10;

    /// <summary>How long an agent's phone rings before the agent picks up.</summary>
    public TimeSpan Ring { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Time in the IVR before Queue(): the middleware hears the call (and sets a VIP's QUEUE_PRIO) meanwhile.</summary>
    public TimeSpan Ivr { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// What the middleware is attached to: the emulated PBX's AMI port and login, and the routing
/// configuration an integrator would write for this floor (agents' skills keyed by member
/// interface, each product line's number, VIP numbers, the redirect context). Act: hints
/// (write-backs change the PBX); otherwise observe (the legacy ACD alone, the middleware journals).
/// </summary>
public sealed record WiredPbx(
    int Port, string Username, string Secret, bool Act, string RedirectContext, string RedirectExten,
    IReadOnlyDictionary<string, Dictionary<string, int>> AgentSkills, IReadOnlyDictionary<string, string> DialedNumbers, IReadOnlyList<string> VipNumbers);

/// <summary>The figures, and how many connections the PBX made after a middleware redirect.</summary>
public sealed record WiredResult(SimulationTotals Totals, int Connections, int Redirected, double FromHour, double Hours);

/// <summary>
/// The simulator's wired mode: the scenario's callers (arrivals, lines, languages, VIPs, patience
/// drawn as the fast mode draws them, talk time and resolution by the answering agent's skill) play
/// against the AMI emulator over TCP, whose own app_queue (<see cref="PbxAcd"/>) distributes with
/// the legacy strategy; the middleware, attached by the caller, hears it all and, for hints, acts
/// through its write-backs (QueueChangePriorityCaller, Setvar AI_AGENT, Redirect). Figures come from
/// what the PBX did: waits from queue entry to connection, abandons, talk and wrap-up. Thread
/// scheduling makes a wired run close to, not exactly, repeatable; the callers offered are the same
/// for every policy with the same seed.
/// </summary>
public sealed class WiredSimulation(SimulationScenario scenario, string routing, int seed, WiredOptions? options = null)
{
    private readonly WiredOptions _options = options ?? new WiredOptions();
    private readonly Lock _gate = new();
    private readonly SimulationTotals _totals = new();
    private readonly Dictionary<PbxChannel, Offered> _offered = [];
    private readonly List<Task> _callers = [];
    private SimulationWorld _draws = null!;
    private Func<double> _now = () => 0;
    private double _end;
    private int _connections;
    private int _redirected;
    private int _nextId;

    /// <summary>Runs the window; <paramref name="attach"/> starts the middleware against the PBX and returns it to stop at the end.</summary>
    public async Task<WiredResult> RunAsync(Func<WiredPbx, CancellationToken, Task<IAsyncDisposable>> attach, CancellationToken cancellationToken = default)
    {
        if (RoutingPolicies.Parse(routing, out var error) is not { } factory)
        {
            throw new ArgumentException(error, nameof(routing));
        }

        // hints: the same ACD without hints is ringall (the fast mode's baseline); the middleware redirects past it.
        var policy = factory();
        var hints = policy is not AppQueuePolicy;
        var strategy = policy is AppQueuePolicy legacy ? legacy.Strategy : AppQueueStrategy.RingAll;
        var world = new SimulationWorld(scenario, seed);
        _draws = new SimulationWorld(scenario, seed + 1_000_003); // talk, resolution, callbacks: drawn as calls happen
        var from = _options.FromHour ?? Enumerable.Range(0, 24).MaxBy(scenario.CallsPerSecond);
        var start = from * 3600.0;
        var end = start + (_options.Hours * 3600);
        var arrivals = DrawArrivals(world, start, end);

        await using var pbx = new AmiEmulator(new AmiEmulatorOptions { Speed = _options.Speed });
        var agents = world.Agents.ToDictionary(a => "PJSIP/" + a.Name, StringComparer.Ordinal);
        var acd = new PbxAcd(pbx.Pbx, new PbxAcdOptions
        {
            Strategy = strategy,
            Weights = world.QueueNames.Zip(world.QueueWeights).ToDictionary(q => q.First, q => q.Second, StringComparer.Ordinal),
            Ring = _options.Ring,
            WrapUp = agents.ToDictionary(a => a.Key, a => TimeSpan.FromSeconds(a.Value.WrapUpSeconds), StringComparer.Ordinal),
            Seed = seed,
        });
        var clock = pbx.Pbx.Clock;
        var origin = clock.GetUtcNow();
        double Now() => start + (clock.GetUtcNow() - origin).TotalSeconds;
        _now = Now;
        _end = end;
        Task Until(double at) => clock.Wait(TimeSpan.FromSeconds(Math.Max(0, at - Now())), cancellationToken);

        acd.Connected = connection => Connected(connection, agents);
        acd.Finished = connection => Finished(connection, end, Now, Until, pbx.Pbx, acd);
        Staff(pbx.Pbx, world, start, end, Until, initial: true);
        await pbx.StartAsync();
        var wiring = new WiredPbx(pbx.Port, "middleware", "middleware-secret", hints, "ai-route", "s",
            agents.ToDictionary(a => a.Key, a => world.Lines.Select((l, i) => (l.Name, Level: a.Value.SkillByLine[i])).Where(s => s.Level > 0).ToDictionary(s => s.Name, s => s.Level), StringComparer.Ordinal),
            world.Lines.Select((l, i) => (Did: Did(i), l.Name)).ToDictionary(l => l.Did, l => l.Name, StringComparer.Ordinal),
            arrivals.Where(a => a.Caller.Vip).Select(a => Number(a.Caller.Id)).ToList());
        var middleware = await attach(wiring, cancellationToken);
        try
        {
            origin = clock.GetUtcNow();
            Staff(pbx.Pbx, world, start, end, Until, initial: false);
            foreach (var (caller, patience) in arrivals)
            {
                await Until(caller.ArrivedAt);
                Offer(pbx.Pbx, acd, caller, Number(caller.Id), patience);
            }

            await Until(end);
            Task[] pending;
            lock (_gate)
            {
                pending = [.. _callers];
            }

            // Callers still waiting at the window's end are served or give up (with patience 0 and
            // no one free for four more virtual hours, the rest stay out of the figures).
            try
            {
                await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(4 * 3600 / _options.Speed) + TimeSpan.FromMinutes(2), cancellationToken);
            }
            catch (TimeoutException)
            {
            }
        }
        finally
        {
            await middleware.DisposeAsync();
        }

        _totals.StaffedSeconds = world.Agents.Sum(a => Math.Max(0, Math.Min(a.ShiftEnd, end) - Math.Max(a.ShiftStart, start)));
        _totals.Days = 1;
        return new WiredResult(_totals, _connections, _redirected, from, _options.Hours);
    }

    private static string Did(int line) => "4" + line.ToString("000", System.Globalization.CultureInfo.InvariantCulture);

    private static string Number(int callerId) => "139" + callerId.ToString("00000000", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The window's first contacts, drawn as the fast mode draws a day: piecewise-constant Poisson, then line, language, tier, patience.</summary>
    private List<(SimulatedCaller Caller, double Patience)> DrawArrivals(SimulationWorld world, double start, double end)
    {
        var arrivals = new List<(SimulatedCaller, double)>();
        var now = start;
        while (now < end)
        {
            var hour = (int)(now / 3600) % 24;
            var rate = scenario.CallsPerSecond(hour);
            var hourEnd = Math.Min(end, (Math.Floor(now / 3600) + 1) * 3600);
            var next = rate > 0 ? now + Draws.Exponential(world.Random, 1 / rate) : double.MaxValue;
            if (next >= hourEnd)
            {
                now = hourEnd;
                continue;
            }

            now = next;
            var caller = world.DrawCaller(_nextId++, now, line: -1, repeat: false);
            arrivals.Add((caller, scenario.PatienceSeconds > 0 ? Draws.Exponential(world.Random, scenario.PatienceSeconds) : 0));
        }

        return arrivals;
    }

    /// <summary>Members on shift at the window's start are seated in the order the fast mode numbers them; shifts starting or ending inside it join or leave.</summary>
    private static void Staff(PbxModel pbx, SimulationWorld world, double start, double end, Func<double, Task> until, bool initial)
    {
        foreach (var agent in world.Agents)
        {
            var iface = "PJSIP/" + agent.Name;
            var queues = world.QueueNames.Where((_, q) => agent.IsMemberOf(q)).ToList();
            void Seat() => queues.ForEach(q => pbx.AddMember(q, iface, agent.Name, agent.Penalty));
            if (initial)
            {
                if (agent.ShiftStart <= start && agent.ShiftEnd > start)
                {
                    Seat();
                }

                continue;
            }

            if (agent.ShiftStart > start && agent.ShiftStart < end)
            {
                _ = until(agent.ShiftStart).ContinueWith(_ => Seat(), TaskScheduler.Default);
            }

            if (agent.ShiftEnd > start && agent.ShiftEnd < end)
            {
                _ = until(agent.ShiftEnd).ContinueWith(_ => queues.ForEach(q => pbx.RemoveMember(q, iface)), TaskScheduler.Default);
            }
        }
    }

    /// <summary>A call arrives on the line's number, spends its IVR time, queues, and hangs up if its patience runs out first.</summary>
    private void Offer(PbxModel pbx, PbxAcd acd, SimulatedCaller caller, string number, double patience)
    {
        var call = PbxCall.Inbound(pbx, number, "Caller " + caller.Id, Did(caller.Line));
        var offered = new Offered(caller);
        lock (_gate)
        {
            _offered[call.Caller] = offered;
            _totals.RecordArrival(caller, caller.ArrivedAt);
            _callers.Add(offered.Outcome.Task);
        }

        _ = Task.Run(async () =>
        {
            await pbx.Clock.Wait(_options.Ivr);
            offered.QueuedAt = pbx.Clock.GetUtcNow();
            acd.Enqueue(call, scenario.Queues[caller.Queue].Name);
            if (patience <= 0)
            {
                return;
            }

            await pbx.Clock.Wait(TimeSpan.FromSeconds(patience));
            if (await acd.AbandonAsync(call))
            {
                lock (_gate)
                {
                    _totals.RecordAbandon(caller, (pbx.Clock.GetUtcNow() - offered.QueuedAt).TotalSeconds, scenario.ServiceLevelSeconds);
                }

                offered.Outcome.TrySetResult();
            }
        });
    }

    private TimeSpan Connected(AcdConnection connection, Dictionary<string, SimulatedAgent> agents)
    {
        lock (_gate)
        {
            var offered = _offered[connection.Call.Caller];
            var agent = agents[connection.Member.Interface];
            var (talk, resolved, level) = _draws.DrawConversation(offered.Caller, agent);
            offered.Resolved = resolved;
            _totals.RecordAnswer(offered.Caller, connection.WaitedSeconds, scenario.ServiceLevelSeconds, resolved, level);
            // Occupancy counts work inside the window only, as staffed time does.
            var now = _now();
            _totals.BusySeconds += Math.Max(0, Math.Min(_end, now + talk + agent.WrapUpSeconds) - now);
            _connections++;
            _redirected += connection.Redirected ? 1 : 0;
            offered.Outcome.TrySetResult();
            return TimeSpan.FromSeconds(talk);
        }
    }

    /// <summary>An unresolved caller may call back the same way the fast mode's do (same number, so the middleware knows a repeat).</summary>
    private void Finished(AcdConnection connection, double end, Func<double> now, Func<double, Task> until, PbxModel pbx, PbxAcd acd)
    {
        SimulatedCaller? back = null;
        double patience = 0;
        string number;
        lock (_gate)
        {
            var first = _offered[connection.Call.Caller];
            number = connection.Call.Caller.CallerIdNum;
            if (first.Resolved || _draws.Random.NextDouble() >= scenario.CallbackShare)
            {
                return;
            }

            var at = now() + Draws.Exponential(_draws.Random, scenario.CallbackDelaySeconds);
            if (at >= end)
            {
                return;
            }

            back = _draws.DrawCaller(_nextId++, at, first.Caller.Line, repeat: true, first.Caller.Language, first.Caller.Vip);
            patience = scenario.PatienceSeconds > 0 ? Draws.Exponential(_draws.Random, scenario.PatienceSeconds) : 0;
            var scheduled = new TaskCompletionSource();
            _callers.Add(scheduled.Task);
            _ = until(at).ContinueWith(_ =>
            {
                Offer(pbx, acd, back, number, patience);
                scheduled.TrySetResult();
            }, TaskScheduler.Default);
        }
    }

    private sealed class Offered(SimulatedCaller caller)
    {
        public SimulatedCaller Caller { get; } = caller;

        public DateTimeOffset QueuedAt { get; set; }

        public bool Resolved { get; set; }

        public TaskCompletionSource Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
