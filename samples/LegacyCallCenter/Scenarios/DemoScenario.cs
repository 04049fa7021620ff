using Middleware.Samples.Mirror;
using Middleware.Samples.Pbx;

namespace Middleware.Samples.Scenarios;

/// <summary>
/// A morning in the sample call center: a dozen callers through two queues, with agents who
/// answer and agents who do not, holds, a blind transfer, IVR digits and abandons.
/// Times are virtual (the PBX clock runs fast).
/// </summary>
public static class DemoScenario
{
    /// <summary>What the PBX did, for the demo's summary and the tests' truth.</summary>
    public sealed record Outcome(int Calls, int Answered, int Abandoned, int Transfers, int Holds);

    public static readonly string[] VipNumbers = ["13800138000", "13700137002"];

    /// <param name="sbc">When given, the calls that have a <see cref="Dialogue"/> are mirrored by the SBC with their conversation.</param>
    public static async Task<Outcome> RunAsync(PbxModel pbx, CancellationToken cancellationToken = default, SbcMirror? sbc = null)
    {
        var scripts = new List<Func<Task>>
        {
            () => Answered(pbx, 0, "13800138000", "王芳", "support", dtmf: "1", agents: [("PJSIP/1001", true)], talk: 60, byCaller: true, sbc: sbc),
            () => Answered(pbx, 5, "13900139001", "张伟 Zhang Wei", "support", agents: [("PJSIP/1002", false), ("PJSIP/1003", true)], talk: 45, hold: 20, byCaller: false),
            () => Transferred(pbx, 10, "+14155550123", "John Smith", "sales", "PJSIP/2001", "1009", "Supervisor 周敏"),
            () => Abandoned(pbx, 30, "13700137002", "李娜", "support", wait: 70),
            () => Answered(pbx, 40, "13600136003", "刘洋", "sales", agents: [("PJSIP/2002", true)], talk: 40, byCaller: true, sbc: sbc),
            () => Answered(pbx, 55, "18600186004", "陈晨", "support", dtmf: "2", agents: [("PJSIP/1002", true)], talk: 30, hold: 15, byCaller: true),
            () => Answered(pbx, 100, "+442071234567", "Oliver Brown", "sales", agents: [("PJSIP/2001", false), ("PJSIP/2002", true)], talk: 35, byCaller: false, sbc: sbc),
            () => Abandoned(pbx, 80, "15900159005", "黄磊", "support", wait: 25),
            () => Answered(pbx, 95, "13500135006", "周杰", "support", agents: [("PJSIP/1001", true)], talk: 50, byCaller: true, sbc: sbc),
            () => Answered(pbx, 170, "17700177007", "吴敏", "sales", agents: [("PJSIP/2001", true)], talk: 20, byCaller: true),
            () => Answered(pbx, 120, "+61298765432", "Sarah Wilson", "support", dtmf: "9", agents: [("PJSIP/1003", true)], talk: 25, byCaller: false, sbc: sbc),
            () => Answered(pbx, 170, "13300133008", "郑爽", "support", agents: [("PJSIP/1002", false), ("PJSIP/1001", true)], talk: 40, byCaller: true),
        };
        await Task.WhenAll(scripts.Select(s => Task.Run(s, cancellationToken)));
        return new Outcome(Calls: 12, Answered: 10, Abandoned: 2, Transfers: 1, Holds: 2);
    }

    private static async Task Answered(PbxModel pbx, int at, string from, string name, string queue, (string Iface, bool Answers)[] agents,
        int talk, bool byCaller, string? dtmf = null, int hold = 0, SbcMirror? sbc = null)
    {
        await pbx.Clock.Wait(TimeSpan.FromSeconds(at));
        var call = PbxCall.Inbound(pbx, from, name, "4008001234");
        var dialogue = sbc is not null && Dialogue.Shipped.TryGetValue(from, out var d) ? d : null;
        var mirrored = dialogue is null ? null : await sbc!.ArriveAsync(call, from, "4008001234");
        await pbx.Clock.Wait(TimeSpan.FromSeconds(3));
        if (dtmf is not null)
        {
            await call.PressAsync(dtmf);
        }

        await call.EnterQueueAsync(queue);
        await pbx.Clock.Wait(TimeSpan.FromSeconds(4));
        foreach (var (iface, answers) in agents)
        {
            if (await call.RingAgentAsync(iface, answers, TimeSpan.FromSeconds(answers ? 6 : 15)))
            {
                break;
            }
        }

        // The conversation is shorter than the talk time: it is spoken from the answer on, while the PBX's clock runs.
        var speaking = mirrored?.SpeakAsync(dialogue!) ?? Task.CompletedTask;
        await call.TalkAsync(TimeSpan.FromSeconds(talk / 2.0));
        if (hold > 0)
        {
            await call.HoldAsync(TimeSpan.FromSeconds(hold));
        }

        await call.TalkAsync(TimeSpan.FromSeconds(talk / 2.0));
        await speaking;
        if (mirrored is not null)
        {
            await mirrored.HangUpAsync(byCaller);
        }

        call.Hangup(byCaller);
    }

    private static async Task Transferred(PbxModel pbx, int at, string from, string name, string queue, string agent, string exten, string targetName)
    {
        await pbx.Clock.Wait(TimeSpan.FromSeconds(at));
        var call = PbxCall.Inbound(pbx, from, name, "4008005678");
        await pbx.Clock.Wait(TimeSpan.FromSeconds(2));
        await call.EnterQueueAsync(queue);
        await pbx.Clock.Wait(TimeSpan.FromSeconds(3));
        await call.RingAgentAsync(agent, true, TimeSpan.FromSeconds(5));
        await call.TalkAsync(TimeSpan.FromSeconds(40));
        await call.BlindTransferAsync(exten, targetName);
        await call.TalkAsync(TimeSpan.FromSeconds(30));
        call.Hangup(byCaller: true);
    }

    private static async Task Abandoned(PbxModel pbx, int at, string from, string name, string queue, int wait)
    {
        await pbx.Clock.Wait(TimeSpan.FromSeconds(at));
        var call = PbxCall.Inbound(pbx, from, name, "4008001234");
        await pbx.Clock.Wait(TimeSpan.FromSeconds(2));
        await call.EnterQueueAsync(queue);
        await pbx.Clock.Wait(TimeSpan.FromSeconds(wait));
        call.Abandon();
    }
}
