using Middleware.SampleCrm;
using Middleware.Samples.Agi;

namespace Middleware.Host.Demo;

/// <summary>
/// Callers reaching the sample dialplan's AGI(agi://127.0.0.1:PORT/ivr) line, played by the AGI
/// client that speaks as Asterisk does: a balance, an order status, a transfer, a hang-up mid-menu.
/// </summary>
public static class IvrDemoCalls
{
    public sealed record Played(string Caller, string Keys, string Result, string Heard, string Expected);

    public static async Task<IReadOnlyList<Played>> RunAsync(int port, SampleCrmServer crm, TextWriter output, CancellationToken cancellationToken)
    {
        var order = crm.Store.AllOrders().First();
        var digits = order.Number.StartsWith("SO", StringComparison.Ordinal) ? order.Number[2..] : order.Number;
        var calls = new (string Caller, string[] Keys, string Expected)[]
        {
            ("13800138000", ["1", "9"], "balance"),
            ("13900139001", ["2", digits + "#", "9"], "order-status"),
            ("13700137002", ["0"], "agent"),
            ("18600186004", [AgiCaller.HangUp], "(hung up)"),
        };
        var client = new AsteriskAgiClient("127.0.0.1", port);
        var played = new List<Played>();
        foreach (var (caller, keys, expected) in calls)
        {
            var record = await client.RunAsync("ivr?flow=main", caller, new AgiCaller(keys), cancellationToken: cancellationToken);
            var result = record.Variables.GetValueOrDefault("IVR_RESULT") ?? (record.HungUp ? "(hung up)" : "(none)");
            var heard = string.Join(" ", record.Heard.Where(h => !h.StartsWith("prompt:ivr/main-menu", StringComparison.Ordinal)).Select(h => h.Replace("prompt:ivr/", "▸", StringComparison.Ordinal)));
            played.Add(new Played(caller, string.Join(" ", keys), result, heard, expected));
            output.WriteLine($"  IVR {caller} keyed [{string.Join(" ", keys)}] → IVR_RESULT={result}" +
                $"{(record.Variables.TryGetValue("IVR_CUSTOMER_TIER", out var tier) ? $" tier={tier}" : "")} · heard: {heard}" +
                $"{(record.Variables.TryGetValue("IVR_CONTEXT", out var context) ? $" · IVR_CONTEXT: {context}" : "")}");
        }

        return played;
    }
}
