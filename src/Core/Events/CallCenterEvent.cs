namespace Middleware.Core.Events;

/// <summary>
/// The typed payload of an <see cref="EventEnvelope"/>. Every adapter maps its protocol into these
/// records; enrichers add derived ones. The JSON discriminator is the event kind.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(CallStarted), EventKinds.CallStarted)]
[JsonDerivedType(typeof(CallRinging), EventKinds.CallRinging)]
[JsonDerivedType(typeof(CallDetailsChanged), EventKinds.CallDetailsChanged)]
[JsonDerivedType(typeof(CallAnswered), EventKinds.CallAnswered)]
[JsonDerivedType(typeof(CallQueued), EventKinds.CallQueued)]
[JsonDerivedType(typeof(CallDequeued), EventKinds.CallDequeued)]
[JsonDerivedType(typeof(AgentRinging), EventKinds.AgentRinging)]
[JsonDerivedType(typeof(AgentConnected), EventKinds.AgentConnected)]
[JsonDerivedType(typeof(CallHeld), EventKinds.CallHeld)]
[JsonDerivedType(typeof(CallResumed), EventKinds.CallResumed)]
[JsonDerivedType(typeof(CallTransferred), EventKinds.CallTransferred)]
[JsonDerivedType(typeof(DtmfReceived), EventKinds.DtmfReceived)]
[JsonDerivedType(typeof(CallEnded), EventKinds.CallEnded)]
[JsonDerivedType(typeof(AgentStateChanged), EventKinds.AgentStateChanged)]
[JsonDerivedType(typeof(QueueStateChanged), EventKinds.QueueStateChanged)]
[JsonDerivedType(typeof(Unmapped), EventKinds.Unmapped)]
[JsonDerivedType(typeof(SourceGap), EventKinds.SourceGap)]
[JsonDerivedType(typeof(SourceStatusChanged), EventKinds.SourceStatusChanged)]
[JsonDerivedType(typeof(AudioChunk), EventKinds.AudioChunk)]
[JsonDerivedType(typeof(MediaQuality), EventKinds.MediaQuality)]
[JsonDerivedType(typeof(TranscriptSegment), EventKinds.TranscriptSegment)]
[JsonDerivedType(typeof(EmotionReading), EventKinds.EmotionReading)]
[JsonDerivedType(typeof(IntentDetected), EventKinds.IntentDetected)]
[JsonDerivedType(typeof(EscalationRisk), EventKinds.EscalationRisk)]
[JsonDerivedType(typeof(VoiceFeatures), EventKinds.VoiceFeatures)]
[JsonDerivedType(typeof(RoutingHint), EventKinds.RoutingHint)]
[JsonDerivedType(typeof(TicketDraft), EventKinds.TicketDraft)]
[JsonDerivedType(typeof(SlaWarning), EventKinds.SlaWarning)]
[JsonDerivedType(typeof(SlaBreached), EventKinds.SlaBreached)]
[JsonDerivedType(typeof(TicketStatusChanged), EventKinds.TicketStatusChanged)]
[JsonDerivedType(typeof(QaFinding), EventKinds.QaFinding)]
[JsonDerivedType(typeof(QaScored), EventKinds.QaScored)]
[JsonDerivedType(typeof(WriteBackRequested), EventKinds.WriteBackRequested)]
[JsonDerivedType(typeof(WriteBackCompleted), EventKinds.WriteBackCompleted)]
[JsonDerivedType(typeof(WriteBackFailed), EventKinds.WriteBackFailed)]
[JsonDerivedType(typeof(WriteBackSkipped), EventKinds.WriteBackSkipped)]
[JsonDerivedType(typeof(WriteBackModeChanged), EventKinds.WriteBackModeChanged)]
[JsonDerivedType(typeof(EnricherFailed), EventKinds.EnricherFailed)]
[JsonDerivedType(typeof(IvrSessionStarted), EventKinds.IvrSessionStarted)]
[JsonDerivedType(typeof(IvrStep), EventKinds.IvrStep)]
[JsonDerivedType(typeof(IvrSessionEnded), EventKinds.IvrSessionEnded)]
[JsonDerivedType(typeof(DialAttemptPlaced), EventKinds.DialAttemptPlaced)]
[JsonDerivedType(typeof(DialAttemptEnded), EventKinds.DialAttemptEnded)]
[JsonDerivedType(typeof(AmdResult), EventKinds.AmdResult)]
[JsonDerivedType(typeof(CampaignStateChanged), EventKinds.CampaignStateChanged)]
public abstract record CallCenterEvent
{
    [JsonIgnore]
    public abstract string Kind { get; }

    /// <summary>True for events produced by enrichment or by the middleware itself, not read from a source.</summary>
    [JsonIgnore]
    public virtual bool IsDerived => false;

    /// <summary>
    /// What the middleware decided or did about a call (routing hints, tickets, QA findings, write-back
    /// requests and outcomes): what timelines star, the API's decisions list and the broker's decisions queue carry.
    /// </summary>
    [JsonIgnore]
    public virtual bool IsDecision => false;
}

/// <summary>Base of events that enrichers and the write-back gate produce.</summary>
public abstract record DerivedEvent : CallCenterEvent
{
    [JsonIgnore]
    public override bool IsDerived => true;
}
