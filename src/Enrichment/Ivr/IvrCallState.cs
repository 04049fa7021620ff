using Middleware.Core.Ivr;

namespace Middleware.Enrichment.Ivr;

/// <summary>What one caller has done in a flow so far: who they are, what they asked, what they were told.</summary>
internal sealed class IvrCallState(IIvrChannel channel, IvrFlowOptions flow)
{
    public IIvrChannel Channel { get; } = channel;

    public IvrFlowOptions Flow { get; } = flow;

    public IvrCustomer? Customer { get; set; }

    /// <summary>Requests answered without an agent ("balance", "order-status").</summary>
    public List<string> Served { get; } = [];

    /// <summary>The last thing the caller chose or said they wanted (IVR_INTENT).</summary>
    public string? Intent { get; set; }

    /// <summary>What the agent should know on transfer, in the order it happened.</summary>
    public List<string> Context { get; } = [];

    public string? Result { get; set; }

    public ValueTask StepAsync(string node, string action, string? detail, CancellationToken cancellationToken) =>
        Channel.RecordAsync(new IvrStep("ivr", node, action, detail), cancellationToken);

    /// <summary>One line for IVR_CONTEXT and the CRM note: who called and what the IVR already did.</summary>
    public string Summary()
    {
        var who = Customer is { } c ? $"customer {c.Id}{(c.Name is null ? "" : " " + c.Name)}{(c.Tier is null ? "" : $" ({c.Tier})")}" : $"caller {Channel.CallerNumber} (not in CRM)";
        return Context.Count == 0 ? $"{who}; asked for an agent from the IVR" : $"{who}; in IVR: {string.Join("; ", Context)}";
    }
}
