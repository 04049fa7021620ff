using Middleware.Adapters.Ami.Protocol;

namespace Middleware.Adapters.Ami.Client;

/// <summary>An action waiting for its response (and, for event-list actions, its list of events).</summary>
internal sealed class PendingAction(string name, bool isEventList)
    : TaskCompletionSource<AmiResponse>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public string Name { get; } = name;

    public bool IsEventList { get; } = isEventList;

    public AmiMessage? Response { get; set; }

    public List<AmiMessage> Events { get; } = [];
}
