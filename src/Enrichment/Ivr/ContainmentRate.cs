namespace Middleware.Enrichment.Ivr;

/// <summary>
/// IVR containment: of the callers who entered self-service, how many were served without an
/// agent. Callers who hung up before being served count against it (they did not get what they
/// called for); sessions that failed for a technical reason are shown apart.
/// </summary>
public sealed record ContainmentRate(int SelfServed, int Transferred, int HungUp, int Failed)
{
    public int Sessions => SelfServed + Transferred + HungUp;

    /// <summary>Self-served over sessions (0 when there were none).</summary>
    public double Rate => Sessions == 0 ? 0 : (double)SelfServed / Sessions;

    public static ContainmentRate From(IEnumerable<CallCenterEvent> events)
    {
        int served = 0, transferred = 0, hungUp = 0, failed = 0;
        foreach (var e in events)
        {
            if (e is not IvrSessionEnded { Application: "ivr" } ended)
            {
                continue;
            }

            switch (ended.Outcome)
            {
                case "self-served":
                    served++;
                    break;
                case "transferred":
                    transferred++;
                    break;
                case "caller-hung-up" or "completed":
                    hungUp++;
                    break;
                default:
                    failed++;
                    break;
            }
        }

        return new ContainmentRate(served, transferred, hungUp, failed);
    }

    public override string ToString() =>
        $"containment {Rate:P1}: {SelfServed} self-served, {Transferred} transferred, {HungUp} hung up unserved{(Failed > 0 ? $", {Failed} failed" : "")}";
}
