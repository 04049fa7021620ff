namespace Middleware.Core.CallState;

/// <summary>
/// One call as the middleware currently understands it. Mutated only by <see cref="CallStateStore"/>
/// on the call's lane; read through <see cref="Snapshot"/> from anywhere.
/// </summary>
public sealed class LiveCall
{
    private const int TranscriptLimit = 500;
    private readonly List<string> _legs = [];
    private readonly List<string> _sipCallIds = [];
    private readonly List<RoutingHint> _hints = [];
    private readonly List<TranscriptSegment> _transcript = [];
    private readonly List<TicketDraft> _tickets = [];
    private readonly List<QaFinding> _findings = [];
    private readonly List<WriteBackStatus> _writeBacks = [];
    private readonly System.Text.StringBuilder _dtmf = new();
    private readonly SortedList<Speaker, MediaQuality> _quality = [];

    internal LiveCall(string callId, string source, DateTimeOffset startedAt)
    {
        CallId = callId;
        Source = source;
        StartedAt = startedAt;
    }

    /// <summary>Held while the call is folded or snapshot: fields change together, readers see them together.</summary>
    internal Lock StateLock { get; } = new();

    public string CallId { get; }

    public string Source { get; }

    public CallPhase Phase { get; internal set; } = CallPhase.Ringing;

    public string? CallerNumber { get; internal set; }

    public string? CallerName { get; internal set; }

    public string? DialedNumber { get; internal set; }

    public CallDirection Direction { get; internal set; }

    public string? Queue { get; internal set; }

    public string? Agent { get; internal set; }

    public string? AgentName { get; internal set; }

    public DateTimeOffset StartedAt { get; internal set; }

    public DateTimeOffset? QueuedAt { get; internal set; }

    public DateTimeOffset? AnsweredAt { get; internal set; }

    public DateTimeOffset? EndedAt { get; internal set; }

    /// <summary>A call source reported the call (CallStarted), not only an IVR session or the media on it.</summary>
    internal bool Signalled { get; set; }

    public string? EndCause { get; internal set; }

    public HangupParty? HungUpBy { get; internal set; }

    public int Holds { get; internal set; }

    public int Transfers { get; internal set; }

    /// <summary>The first SIP Call-ID the source told (the caller's leg's, for a PBX call).</summary>
    public string? SipCallId { get; internal set; }

    /// <summary>The same call seen by the other side (the mirror's call for a PBX call, and back).</summary>
    public string? JoinedCallId { get; internal set; }

    /// <summary>How the join was made: sip-call-id or caller-number.</summary>
    public string? JoinedBy { get; internal set; }

    public bool Synthesized { get; internal set; }

    public EmotionReading? Emotion { get; internal set; }

    public IntentDetected? Intent { get; internal set; }

    public DateTimeOffset LastEventAt { get; internal set; }

    public bool IsEnded => Phase == CallPhase.Ended;

    internal void AddLeg(string? channel)
    {
        if (channel is not null && !_legs.Contains(channel))
        {
            _legs.Add(channel);
        }
    }

    /// <summary>Every leg's SIP Call-ID the source told: each of them is a SIP dialog the mirror may see apart.</summary>
    internal IReadOnlyList<string> SipCallIds => _sipCallIds;

    internal void AddSipCallId(string? id)
    {
        if (id is null || _sipCallIds.Contains(id))
        {
            return;
        }

        SipCallId ??= id;
        _sipCallIds.Add(id);
    }

    internal void AddDtmf(string digit) => _dtmf.Append(digit);

    internal void AddHint(RoutingHint hint) => _hints.Add(hint);

    internal void AddTranscript(TranscriptSegment segment)
    {
        // A partial segment revises the speaker's utterance in progress: it replaces that speaker's
        // last partial (and the final replaces it too), so the transcript holds each utterance once.
        var open = _transcript.FindLastIndex(t => t.Speaker == segment.Speaker && !t.IsFinal && t.StartSeconds == segment.StartSeconds);
        if (open >= 0)
        {
            _transcript.RemoveAt(open);
        }

        if (_transcript.Count == TranscriptLimit)
        {
            _transcript.RemoveAt(0);
        }

        _transcript.Add(segment);
    }

    internal void AddTicket(TicketDraft ticket) => _tickets.Add(ticket);

    internal void SetQuality(MediaQuality quality) => _quality[quality.Leg] = quality;

    internal IReadOnlyList<TranscriptSegment> TranscriptSoFar => _transcript;

    internal IEnumerable<MediaQuality> QualitySoFar => _quality.Values;

    internal void AddFinding(QaFinding finding) => _findings.Add(finding);

    /// <summary>The call's QA score, once scored at its end.</summary>
    public QaScored? Qa { get; internal set; }

    internal void SetWriteBack(WriteBackStatus status)
    {
        var i = _writeBacks.FindIndex(w => w.RequestId == status.RequestId);
        if (i >= 0)
        {
            _writeBacks[i] = status;
        }
        else
        {
            _writeBacks.Add(status);
        }
    }

    public CallSnapshot Snapshot()
    {
        lock (StateLock)
        {
            return new CallSnapshot(
                CallId, Source, Phase, CallerNumber, CallerName, DialedNumber, Direction, Queue, Agent, AgentName,
                StartedAt, QueuedAt, AnsweredAt, EndedAt, EndCause, HungUpBy, _legs.ToArray(), Holds, Transfers,
                _dtmf.ToString(), SipCallId, Synthesized, _hints.ToArray(), _transcript.ToArray(), Emotion, Intent,
                _tickets.ToArray(), _findings.ToArray(), _writeBacks.ToArray(), _quality.Values.ToArray(), JoinedCallId, JoinedBy, Qa);
        }
    }
}
