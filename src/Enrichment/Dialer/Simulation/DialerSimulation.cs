using Middleware.Enrichment.Dialer.Campaigns;

namespace Middleware.Enrichment.Dialer.Simulation;

/// <summary>
/// A discrete-event run of one campaign shift: the <see cref="DialerEngine"/> the live dialer uses
/// (same pacing, windows, retries, abandon grace) against an <see cref="OutboundWorld"/> drawn from
/// one seeded generator. The same inputs and seed give the same figures, event for event.
/// </summary>
public sealed class DialerSimulation(DialerOptions options, OutboundWorld world, int agents, int seed)
{
    private enum Kind { Tick, Answer, NotAnswered, GraceExpired, CallEnded, AgentReady }

    public sealed record Result(double TalkMinutesPerAgentHour, double AbandonRate, double ConnectRate, int Calls, DialerStats Stats, double Hours)
    {
        public string Line() => string.Create(CultureInfo.InvariantCulture,
            $"talk_min_per_agent_hour={TalkMinutesPerAgentHour:0.0} abandon_rate={AbandonRate:0.0000} connect_rate={ConnectRate:0.0000} calls={Calls}");
    }

    public Result Run(string campaign, IReadOnlyList<CampaignContact> contacts, DateTimeOffset start, TimeSpan shift)
    {
        var random = new Random(seed);
        var engine = new DialerEngine(campaign, options, contacts, Enumerable.Range(1, agents).Select(a => $"agent-{a:000}"));
        var events = new PriorityQueue<(Kind Kind, string Id, bool Flag), (double At, long Seq)>();
        long seq = 0;
        void At(double t, Kind kind, string id, bool flag = false) => events.Enqueue((kind, id, flag), (t, seq++));
        var end = start + shift;
        double now = 0, talkInShift = 0;
        At(0, Kind.Tick, "");
        while (events.TryDequeue(out var e, out var key))
        {
            now = key.At;
            var clock = start.AddSeconds(now);
            switch (e.Kind)
            {
                case Kind.Answer:
                    var action = engine.OnAnswered(e.Id, clock, machine: e.Flag);
                    if (action == AnswerAction.Connect)
                    {
                        At(now + world.HandleSeconds(random), Kind.CallEnded, e.Id);
                    }
                    else if (action == AnswerAction.Wait)
                    {
                        At(now + options.ConnectGrace.TotalSeconds, Kind.GraceExpired, e.Id);
                    }

                    break;
                case Kind.NotAnswered:
                    engine.OnNotAnswered(e.Id, clock, e.Flag ? "busy" : "no-answer");
                    break;
                case Kind.GraceExpired:
                    engine.OnGraceExpired(e.Id, clock); // abandoned: the message plays, the call is logged
                    break;
                case Kind.CallEnded:
                    var agent = engine.AgentOf(e.Id)!;
                    var connected = (engine.ConnectedAt(e.Id)!.Value - start).TotalSeconds;
                    talkInShift += Math.Max(0, Math.Min(now, shift.TotalSeconds) - connected);
                    engine.OnCallEnded(e.Id, clock);
                    At(now + options.WrapUp.TotalSeconds, Kind.AgentReady, agent);
                    break;
                case Kind.AgentReady:
                    if (engine.OnAgentReady(e.Id, clock) is { } taken)
                    {
                        At(now + world.HandleSeconds(random), Kind.CallEnded, taken.Id);
                    }

                    break;
            }

            if (clock < end)
            {
                foreach (var attempt in engine.Plan(clock))
                {
                    var (outcome, seconds) = world.Dial(random, options.RingTimeout.TotalSeconds);
                    switch (outcome)
                    {
                        case OutboundWorld.Outcome.Human or OutboundWorld.Outcome.Machine:
                            At(now + seconds, Kind.Answer, attempt.Id, outcome == OutboundWorld.Outcome.Machine);
                            break;
                        default:
                            At(now + seconds, Kind.NotAnswered, attempt.Id, outcome == OutboundWorld.Outcome.Busy);
                            break;
                    }
                }

                if (e.Kind == Kind.Tick)
                {
                    At(now + 1, Kind.Tick, ""); // windows open and retries fall due with time, not only with events
                }
            }
        }

        // Agent-hours are the shift's; talk is counted inside it (calls still going at the end count up to the end).
        var stats = engine.Stats;
        return new Result(talkInShift / 60 / (agents * shift.TotalHours), stats.AbandonRate, stats.ConnectRate, stats.Dials, stats, shift.TotalHours);
    }
}
