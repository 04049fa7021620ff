using System.Text;

namespace Middleware.Samples.Pbx;

/// <summary>What happens on the far end of one outbound call through the trunk.</summary>
public enum PstnOutcome { Human, Machine, Busy, NoAnswer, Congestion }

/// <summary>One drawn call: the outcome, how long the phone rings (or the busy tone takes), and for a person how long they talk.</summary>
public sealed record PstnCall(PstnOutcome Outcome, TimeSpan Ring, TimeSpan Talk);

/// <summary>
/// The customers behind the emulated PBX's trunk, for calls the PBX places (AMI Originate to
/// <c>PJSIP/number@trunk</c>): who answers, a person or an answering machine, who is busy, how long
/// phones ring, how long a person stays on the line. Every draw is a function of the seed, the
/// number and how many times that number was dialled before, so a campaign replays identically
/// whatever order the dialer's calls interleave in.
/// </summary>
public sealed class PstnLines
{
    private readonly Dictionary<string, int> _dialled = new(StringComparer.Ordinal);
    private readonly Lock _sync = new();

    public int Seed { get; init; } = 1;

    /// <summary>Share of calls someone or something picks up (a person or a machine).</summary>
    public double AnswerProbability { get; init; } = 0.32;

    /// <summary>Of the calls picked up, the share an answering machine or voicemail takes.</summary>
    public double MachineShare { get; init; } = 0.375;

    /// <summary>Share of calls that get a busy line (SIP 486).</summary>
    public double BusyProbability { get; init; } = 0.08;

    /// <summary>Share of calls the network refuses (SIP 503: congestion).</summary>
    public double CongestionProbability { get; init; }

    /// <summary>Ring time before a pick-up: uniform between these.</summary>
    public TimeSpan RingMin { get; init; } = TimeSpan.FromSeconds(4);

    public TimeSpan RingMax { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long AMD() listens before it decides.</summary>
    public TimeSpan AmdTime { get; init; } = TimeSpan.FromSeconds(2.5);

    /// <summary>How long a person stays on the line once talking: uniform between these.</summary>
    public TimeSpan TalkMin { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan TalkMax { get; init; } = TimeSpan.FromSeconds(240);

    /// <summary>Numbers whose outcome is fixed whatever the draw (tests, demos).</summary>
    public Dictionary<string, PstnOutcome> Fixed { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Draws the next call to <paramref name="number"/>.</summary>
    public PstnCall Dial(string number)
    {
        int nth;
        lock (_sync)
        {
            nth = _dialled[number] = _dialled.GetValueOrDefault(number) + 1;
        }

        var random = new Random(StableHash($"{Seed}|{number}|{nth}"));
        var draw = random.NextDouble();
        var ring = RingMin + (RingMax - RingMin) * random.NextDouble();
        var talk = TalkMin + (TalkMax - TalkMin) * random.NextDouble();
        var outcome = Fixed.TryGetValue(number, out var fixedOutcome) ? fixedOutcome
            : draw < AnswerProbability * (1 - MachineShare) ? PstnOutcome.Human
            : draw < AnswerProbability ? PstnOutcome.Machine
            : draw < AnswerProbability + BusyProbability ? PstnOutcome.Busy
            : draw < AnswerProbability + BusyProbability + CongestionProbability ? PstnOutcome.Congestion
            : PstnOutcome.NoAnswer;
        return new PstnCall(outcome, outcome is PstnOutcome.Busy or PstnOutcome.Congestion ? TimeSpan.FromSeconds(1) : ring, talk);
    }

    /// <summary>FNV-1a: string.GetHashCode is randomized per process, and the draws must not be.</summary>
    private static int StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash & 0x7fffffff);
    }
}
