using System.ComponentModel.DataAnnotations;

namespace Middleware.Enrichment.Analytics.Simulation;

/// <summary>
/// A simulated call-center day, as an ops team describes theirs: when calls come and how many,
/// who calls about what, how long conversations last with a well or poorly matched agent, how
/// patient callers are, and who staffs which queue. Bound from YAML (snake_case keys; unknown keys
/// are refused with file:line:key by the options binder).
/// </summary>
public sealed class SimulationScenario
{
    public string Name { get; set; } = "scenario";

    /// <summary>Calls offered per hour of the day (key: hour 0–23). Hours not listed get no calls.</summary>
    public Dictionary<string, double> CallsPerHour { get; set; } = [];

    /// <summary>Hours whose volume is multiplied, e.g. a sales peak.</summary>
    public List<SurgeWindow> Surges { get; set; } = [];

    /// <summary>Service level counts calls answered within this many seconds.</summary>
    [Range(1, 3600)]
    public double ServiceLevelSeconds { get; set; } = 20;

    /// <summary>Mean patience before a waiting caller hangs up (exponential); 0 = callers never abandon.</summary>
    [Range(0, 86400)]
    public double PatienceSeconds { get; set; } = 120;

    /// <summary>Share of callers who are VIP customers (a CRM tier the middleware looks up).</summary>
    [Range(0, 1)]
    public double VipShare { get; set; }

    /// <summary>Share of callers not resolved on first contact who call back the same day.</summary>
    [Range(0, 1)]
    public double CallbackShare { get; set; } = 0.6;

    /// <summary>Mean delay before an unresolved caller calls back (exponential).</summary>
    [Range(1, 86400)]
    public double CallbackDelaySeconds { get; set; } = 1800;

    /// <summary>Languages callers speak, with their shares.</summary>
    public Dictionary<string, double> Languages { get; set; } = [];

    /// <summary>What callers call about; each goes to one queue.</summary>
    public List<ProductLine> ProductLines { get; set; } = [];

    public List<QueueDefinition> Queues { get; set; } = [];

    public List<AgentGroup> Agents { get; set; } = [];

    /// <summary>How an agent's skill level (0 = none … 3 = expert) for the call's product line changes the call.</summary>
    public SkillEffects SkillEffects { get; set; } = new();

    /// <summary>exponential or lognormal conversation lengths (exponential is for M/M/c validation).</summary>
    public HandleDistribution HandleDistribution { get; set; } = HandleDistribution.LogNormal;

    /// <summary>Handle time multiplier when the agent does not speak the caller's language (an interpreter, a slow call).</summary>
    [Range(1, 10)]
    public double LanguageMismatchFactor { get; set; } = 1.5;

    /// <summary>Arrival rate in the given hour of the day (calls per hour with its surges, per second).</summary>
    public double CallsPerSecond(int hour)
    {
        if (!CallsPerHour.TryGetValue(hour.ToString(System.Globalization.CultureInfo.InvariantCulture), out var perHour))
        {
            return 0;
        }

        foreach (var surge in Surges)
        {
            if (hour >= surge.FromHour && hour < surge.ToHour)
            {
                perHour *= surge.Factor;
            }
        }

        return perHour / 3600;
    }
}

public enum HandleDistribution { LogNormal, Exponential }

public sealed class SurgeWindow
{
    [Range(0, 23)]
    public int FromHour { get; set; }

    /// <summary>Exclusive.</summary>
    [Range(1, 24)]
    public int ToHour { get; set; }

    [Range(0, 100)]
    public double Factor { get; set; } = 1;
}

public sealed class ProductLine
{
    [Required]
    public string Name { get; set; } = "";

    [Range(0, 1000)]
    public double Share { get; set; } = 1;

    [Required]
    public string Queue { get; set; } = "";

    /// <summary>Mean talk time with an agent of level 2 (competent) who speaks the caller's language.</summary>
    [Range(1, 36000)]
    public double HandleSeconds { get; set; } = 240;

    /// <summary>Coefficient of variation of talk time (log-normal).</summary>
    [Range(0, 5)]
    public double HandleVariation { get; set; } = 0.6;

    /// <summary>Probability a competent agent resolves it on this call.</summary>
    [Range(0, 1)]
    public double Resolution { get; set; } = 0.85;
}

public sealed class QueueDefinition
{
    [Required]
    public string Name { get; set; } = "";

    /// <summary>app_queue's weight: a member in several queues serves the heavier queue's callers first.</summary>
    [Range(0, 1000)]
    public int Weight { get; set; }
}

public sealed class AgentGroup
{
    [Required]
    public string Name { get; set; } = "";

    [Range(0, 10000)]
    public int Count { get; set; } = 1;

    /// <summary>Skill level per product line: 0 none … 3 expert. Lines not listed are level 0.</summary>
    public Dictionary<string, int> Skills { get; set; } = [];

    public List<string> Languages { get; set; } = [];

    /// <summary>Queues this group is a member of.</summary>
    public List<string> Queues { get; set; } = [];

    /// <summary>app_queue member penalty: lower penalties are offered calls first.</summary>
    [Range(0, 100)]
    public int Penalty { get; set; }

    [Range(0, 23)]
    public int ShiftStartHour { get; set; }

    /// <summary>Exclusive; an agent finishes the call in hand after the shift ends.</summary>
    [Range(1, 24)]
    public int ShiftEndHour { get; set; } = 24;

    [Range(0, 3600)]
    public double WrapUpSeconds { get; set; } = 15;
}

public sealed class SkillEffects
{
    /// <summary>Talk-time multiplier by skill level 0..3.</summary>
    public List<double> HandleFactor { get; set; } = [1.6, 1.25, 1.0, 0.85];

    /// <summary>Resolution-probability multiplier by skill level 0..3 (capped at 1).</summary>
    public List<double> ResolutionFactor { get; set; } = [0.6, 0.8, 1.0, 1.08];
}
