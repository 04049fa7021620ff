using Middleware.Samples.Pbx;

namespace Middleware.Samples.Scenarios;

/// <summary>The sample call center's queues and agents.</summary>
public static class CallCenterStaff
{
    public static readonly (string Queue, string Interface, string Name)[] Members =
    [
        ("support", "PJSIP/1001", "王丽 Wang Li"),
        ("support", "PJSIP/1002", "李波 Li Bo"),
        ("support", "PJSIP/1003", "陈静 Chen Jing"),
        ("sales", "PJSIP/2001", "赵伟 Zhao Wei"),
        ("sales", "PJSIP/2002", "Emma Liu"),
    ];

    public static void Seat(PbxModel pbx)
    {
        foreach (var (queue, iface, name) in Members)
        {
            pbx.AddMember(queue, iface, name);
        }
    }
}
