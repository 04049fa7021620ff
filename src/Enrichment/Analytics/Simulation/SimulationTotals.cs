namespace Middleware.Enrichment.Analytics.Simulation;

/// <summary>
/// What the simulated days add up to, in the figures a call-center report uses. ASA is the mean
/// wait of answered calls; service level counts answers within the threshold against answered calls
/// plus callers who gave up after it (short abandons are not held against the center); FCR is the
/// share of answered first contacts resolved on that call; occupancy is talk and wrap-up time over
/// staffed time.
/// </summary>
public sealed class SimulationTotals
{
    public int Days { get; set; }

    public long Offered { get; private set; }

    public long FirstContacts { get; private set; }

    public long Answered { get; private set; }

    public long AbandonedCalls { get; private set; }

    public long AnsweredWithinThreshold { get; private set; }

    public long AbandonedAfterThreshold { get; private set; }

    public double AnsweredWaitSeconds { get; private set; }

    /// <summary>Time in queue of every caller, answered or not (Little's law: mean queue length × day / arrivals).</summary>
    public double QueueSeconds { get; private set; }

    public long FirstContactsAnswered { get; private set; }

    public long FirstContactsResolved { get; private set; }

    public double BusySeconds { get; set; }

    public double StaffedSeconds { get; set; }

    /// <summary>Answered calls per skill level 0..3 of the agent who took them.</summary>
    public long[] AnsweredBySkillLevel { get; } = new long[4];

    public long[] OfferedByHour { get; } = new long[24];

    public long[] AnsweredByHour { get; } = new long[24];

    public long[] AbandonedByHour { get; } = new long[24];

    public double[] WaitSecondsByHour { get; } = new double[24];

    public double Asa => Answered == 0 ? 0 : AnsweredWaitSeconds / Answered;

    public double AbandonRate => Offered == 0 ? 0 : (double)AbandonedCalls / Offered;

    public double ServiceLevel => Answered + AbandonedAfterThreshold == 0 ? 1 : (double)AnsweredWithinThreshold / (Answered + AbandonedAfterThreshold);

    public double FirstContactResolution => FirstContactsAnswered == 0 ? 0 : (double)FirstContactsResolved / FirstContactsAnswered;

    public double Occupancy => StaffedSeconds == 0 ? 0 : BusySeconds / StaffedSeconds;

    public double MeanQueueSeconds => Offered == 0 ? 0 : QueueSeconds / Offered;

    public double AsaByHour(int hour) => AnsweredByHour[hour] == 0 ? 0 : WaitSecondsByHour[hour] / AnsweredByHour[hour];

    public double AbandonRateByHour(int hour) => OfferedByHour[hour] == 0 ? 0 : (double)AbandonedByHour[hour] / OfferedByHour[hour];

    public string Line() => string.Create(CultureInfo.InvariantCulture,
        $"asa_s={Asa:0.0} abandon_rate={AbandonRate:0.0000} service_level={ServiceLevel:0.0000} fcr={FirstContactResolution:0.0000} occupancy={Occupancy:0.0000}");

    public void RecordArrival(SimulatedCaller caller, double now)
    {
        Offered++;
        OfferedByHour[Hour(caller.ArrivedAt)]++;
        if (!caller.Repeat)
        {
            FirstContacts++;
        }
    }

    public void RecordAbandon(SimulatedCaller caller, double waited, double threshold)
    {
        AbandonedCalls++;
        AbandonedByHour[Hour(caller.ArrivedAt)]++;
        QueueSeconds += waited;
        if (waited > threshold)
        {
            AbandonedAfterThreshold++;
        }
    }

    public void RecordAnswer(SimulatedCaller caller, double waited, double threshold, bool resolved, int skillLevel)
    {
        Answered++;
        AnsweredByHour[Hour(caller.ArrivedAt)]++;
        WaitSecondsByHour[Hour(caller.ArrivedAt)] += waited;
        AnsweredWaitSeconds += waited;
        QueueSeconds += waited;
        AnsweredBySkillLevel[Math.Clamp(skillLevel, 0, 3)]++;
        if (waited <= threshold)
        {
            AnsweredWithinThreshold++;
        }

        if (!caller.Repeat)
        {
            FirstContactsAnswered++;
            if (resolved)
            {
                FirstContactsResolved++;
            }
        }
    }

    private static int Hour(double at) => Math.Clamp((int)(at / 3600), 0, 23);
}
