using Middleware.Adapters.Ami.Protocol;

namespace Middleware.Adapters.Ami.Normalization;

/// <summary>
/// What the PBX says is true right after (re)login: its live channels (CoreShowChannels), queue
/// parameters, members and callers (QueueStatus), and queue totals (QueueSummary).
/// </summary>
/// <param name="QueueStatus">Null when the PBX could not say (no app_queue): queue state is then left as it was.</param>
/// <param name="SessionStartedAt">Login time of the new session: state touched by live events after it is newer than the snapshot.</param>
/// <param name="PreviousSessionLastHeardAt">When the previous session last received bytes; null on the first connect.</param>
/// <param name="LeftOpenByLastRun">On the first connect after a start: the calls the journal shows open (a crash left them), with their call ids as the normalizer makes them.</param>
public sealed record AmiResyncSnapshot(
    IReadOnlyList<AmiMessage> Channels,
    IReadOnlyList<AmiMessage>? QueueStatus,
    IReadOnlyList<AmiMessage>? QueueSummary,
    DateTimeOffset SessionStartedAt,
    DateTimeOffset? PreviousSessionLastHeardAt,
    Core.CallState.LeftOpen? LeftOpenByLastRun = null);
