namespace Middleware.Core.Events;

/// <summary>The names of event kinds, as used in config, JSON and the journal.</summary>
public static class EventKinds
{
    public const string CallStarted = nameof(CallStarted);
    public const string CallRinging = nameof(CallRinging);
    public const string CallDetailsChanged = nameof(CallDetailsChanged);
    public const string CallAnswered = nameof(CallAnswered);
    public const string CallQueued = nameof(CallQueued);
    public const string CallDequeued = nameof(CallDequeued);
    public const string AgentRinging = nameof(AgentRinging);
    public const string AgentConnected = nameof(AgentConnected);
    public const string CallHeld = nameof(CallHeld);
    public const string CallResumed = nameof(CallResumed);
    public const string CallTransferred = nameof(CallTransferred);
    public const string DtmfReceived = nameof(DtmfReceived);
    public const string CallEnded = nameof(CallEnded);
    public const string AgentStateChanged = nameof(AgentStateChanged);
    public const string QueueStateChanged = nameof(QueueStateChanged);
    public const string Unmapped = nameof(Unmapped);
    public const string SourceGap = nameof(SourceGap);
    public const string SourceStatusChanged = nameof(SourceStatusChanged);
    public const string AudioChunk = nameof(AudioChunk);
    public const string MediaQuality = nameof(MediaQuality);
    public const string TranscriptSegment = nameof(TranscriptSegment);
    public const string EmotionReading = nameof(EmotionReading);
    public const string IntentDetected = nameof(IntentDetected);
    public const string EscalationRisk = nameof(EscalationRisk);
    public const string VoiceFeatures = nameof(VoiceFeatures);
    public const string RoutingHint = nameof(RoutingHint);
    public const string TicketDraft = nameof(TicketDraft);
    public const string SlaWarning = nameof(SlaWarning);
    public const string SlaBreached = nameof(SlaBreached);
    public const string TicketStatusChanged = nameof(TicketStatusChanged);
    public const string QaFinding = nameof(QaFinding);
    public const string QaScored = nameof(QaScored);
    public const string WriteBackRequested = nameof(WriteBackRequested);
    public const string WriteBackCompleted = nameof(WriteBackCompleted);
    public const string WriteBackFailed = nameof(WriteBackFailed);
    public const string WriteBackSkipped = nameof(WriteBackSkipped);
    public const string WriteBackModeChanged = nameof(WriteBackModeChanged);
    public const string EnricherFailed = nameof(EnricherFailed);
    public const string IvrSessionStarted = nameof(IvrSessionStarted);
    public const string IvrStep = nameof(IvrStep);
    public const string IvrSessionEnded = nameof(IvrSessionEnded);
    public const string DialAttemptPlaced = nameof(DialAttemptPlaced);
    public const string DialAttemptEnded = nameof(DialAttemptEnded);
    public const string AmdResult = nameof(AmdResult);
    public const string CampaignStateChanged = nameof(CampaignStateChanged);

    public static IReadOnlyList<string> All { get; } =
    [
        CallStarted, CallRinging, CallAnswered, CallQueued, CallDequeued, AgentRinging, AgentConnected,
        CallHeld, CallResumed, CallTransferred, DtmfReceived, CallEnded, AgentStateChanged, QueueStateChanged,
        Unmapped, SourceGap, SourceStatusChanged, AudioChunk, MediaQuality, TranscriptSegment, EmotionReading, IntentDetected,
        EscalationRisk, VoiceFeatures,
        RoutingHint, TicketDraft, QaFinding, WriteBackRequested, WriteBackCompleted, WriteBackFailed,
        WriteBackSkipped, WriteBackModeChanged, EnricherFailed, IvrSessionStarted, IvrStep, IvrSessionEnded,
        DialAttemptPlaced, DialAttemptEnded, AmdResult, CallDetailsChanged, QaScored, SlaWarning, SlaBreached, TicketStatusChanged,
        CampaignStateChanged,
    ];

    public static bool IsKnown(string kind) => All.Contains(kind, StringComparer.Ordinal);
}
