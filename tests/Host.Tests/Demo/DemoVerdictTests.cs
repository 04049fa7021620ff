using Middleware.Core.Events;
using Middleware.Host.Demo;
using Middleware.Samples.Scenarios;

namespace Middleware.Host.Tests.Demo;

public class DemoVerdictTests
{
    private static readonly DemoScenario.Outcome Truth = new(12, 10, 2, 1, 2);
    private static readonly DemoSummary Agreeing = new(12, 10, 2, 1, 2, 12, 10, 2, 30, 0, 0, 0, 400, 12);
    private static readonly EventFactory Factory = new(TimeProvider.System);

    [Fact]
    public void A_run_where_did_and_saw_agree_but_setvars_failed_names_the_failed_setvars()
    {
        // Before: "MISMATCH: the middleware's view differs from what the PBX did", with the counts equal (issue 16, item 13).
        var events = Enumerable.Range(1, 4)
            .Select(i => Factory.Create("pbx-demo", $"pbx-demo:{i}", new WriteBackFailed($"r{i}", "pbx-demo", "Setvar", $"call pbx-demo:{i} has no live channel on pbx-demo", 1)))
            .ToList();

        var reasons = DemoVerdict.Reasons(Truth, Agreeing with { WriteBacksFailed = 4 }, events, [], 0);

        var reason = Assert.Single(reasons);
        Assert.StartsWith("4 write-back(s) failed: Setvar on pbx-demo for pbx-demo:1: call pbx-demo:1 has no live channel on pbx-demo; ", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_count_that_differs_is_named_with_both_sides_and_an_agreeing_run_has_no_reason()
    {
        Assert.Empty(DemoVerdict.Reasons(Truth, Agreeing, [], [], 0));

        var reasons = DemoVerdict.Reasons(Truth, Agreeing with { Holds = 1, Ended = 11 }, [], [], 0);

        Assert.Equal(["ended calls: the PBX did 12, the middleware saw 11", "holds: the PBX did 2, the middleware saw 1"], reasons);
    }
}
