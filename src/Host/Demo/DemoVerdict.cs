using Middleware.Samples.Scenarios;

namespace Middleware.Host.Demo;

/// <summary>
/// Why a demo run is not a match, one reason a line, each naming what differs (issue 16, item 13:
/// "MISMATCH" was printed while "did" and "saw" agreed, the cause being 4 failed Setvars nobody named).
/// </summary>
public static class DemoVerdict
{
    private const int FailuresNamed = 5;

    public static List<string> Reasons(DemoScenario.Outcome truth, DemoSummary seen, IReadOnlyList<EventEnvelope> events, IReadOnlyList<IvrDemoCalls.Played> ivrCalls, int ivrSessions)
    {
        var reasons = new List<string>();
        void Differs(string what, int did, int saw)
        {
            if (did != saw)
            {
                reasons.Add($"{what}: the PBX did {did}, the middleware saw {saw}");
            }
        }

        Differs("calls", truth.Calls, seen.Calls);
        Differs("ended calls", truth.Calls, seen.Ended);
        Differs("answered", truth.Answered, seen.Answered);
        Differs("abandoned", truth.Abandoned, seen.Abandoned);
        Differs("transfers", truth.Transfers, seen.Transfers);
        Differs("holds", truth.Holds, seen.Holds);
        if (seen.CallsWithDecision != seen.Calls)
        {
            reasons.Add($"{seen.Calls - seen.CallsWithDecision} of {seen.Calls} calls had no decision");
        }

        var failed = events.Where(e => e.Payload is WriteBackFailed).ToList();
        if (failed.Count > 0)
        {
            reasons.Add($"{failed.Count} write-back(s) failed: " + string.Join("; ", failed.Take(FailuresNamed).Select(e =>
                e.Payload is WriteBackFailed f ? $"{f.Action} on {f.Target} for {e.CallId ?? "no call"}: {f.Error}" : "")) +
                (failed.Count > FailuresNamed ? $"; and {failed.Count - FailuresNamed} more" : ""));
        }

        foreach (var call in ivrCalls.Where(c => c.Result != c.Expected))
        {
            reasons.Add($"IVR call from {call.Caller} pressing {call.Keys}: ended {call.Result}, expected {call.Expected}");
        }

        if (ivrSessions != ivrCalls.Count)
        {
            reasons.Add($"IVR: {ivrCalls.Count} call(s) placed, {ivrSessions} session(s) journaled");
        }

        return reasons;
    }
}
