using System.Text.RegularExpressions;

namespace Middleware.Enrichment.Dialer;

/// <summary>Where and how the live dialer places its calls on the PBX.</summary>
/// <param name="Target">The AMI write-back target (the source's name) the Originates go through.</param>
/// <param name="Trunk">The PJSIP endpoint that reaches the PSTN: customers are dialled as PJSIP/number@trunk.</param>
/// <param name="Context">The dialplan context an answered call continues in (it runs AMD(), then Queue(exten)).</param>
/// <param name="Queue">The queue the campaign's agents answer, given as the Originate's Exten.</param>
/// <param name="CallerId">What the customer's phone shows.</param>
/// <param name="AbandonMessage">Where an abandoned call is redirected to hear why (null: it is hung up).</param>
public sealed record LiveDialerSetup(string Target, string Trunk = "trunk", string Context = "dialer", string Queue = "sales", string? CallerId = null,
    Campaigns.AbandonMessageOptions? AbandonMessage = null);

/// <summary>
/// The <see cref="DialerEngine"/> on a real PBX. <see cref="Tick"/> (from a timer) places the calls
/// the pacing asks for as DialAttemptPlaced events; as an enricher it turns each into an AMI
/// Originate through the write-back gate (act mode and the allow-list decide, every request is
/// journaled), reads the outcome from the OriginateResponse the gate reports (answered, or Reason 5
/// busy, 3 no answer, other failures) and from AMD()'s AMDSTATUS (<see cref="AmdResult"/>), and
/// feeds the engine. A person with no agent free within the grace is abandoned: a DialAttemptEnded
/// "abandoned", and through the gate a Redirect of the call to the abandon message's place in the
/// dialplan (which plays it and hangs up), or without one a Hangup. While <c>pbxReady</c> says the PBX's AMI
/// session is down it places nothing (each call would fail and use up one of the contact's attempts).
/// </summary>
public sealed partial class LiveDialer(DialerEngine engine, LiveDialerSetup setup, TimeProvider time, Func<bool>? pbxReady = null) : IEnricher
{
    private const string Source = "dialer";
    private readonly Lock _sync = new();
    private readonly Dictionary<string, DialAttempt> _placing = new(StringComparer.Ordinal); // attempt id → attempt, until the Originate's request exists
    private readonly Dictionary<string, DialAttempt> _byRequest = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DialAttempt> _byCall = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AmdResult> _earlyAmd = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string CallId, DateTimeOffset Due)> _graces = new(StringComparer.Ordinal);
    private readonly List<(string Agent, DateTimeOffset Due)> _wrapUps = [];

    public string Name => Source;

    /// <summary>What a live dialer follows its calls by.</summary>
    public static IReadOnlyCollection<string> FollowedKinds { get; } =
        [EventKinds.DialAttemptPlaced, EventKinds.DialAttemptEnded, EventKinds.WriteBackCompleted, EventKinds.WriteBackFailed, EventKinds.WriteBackSkipped, EventKinds.AmdResult, EventKinds.CallEnded];

    public IReadOnlyCollection<string> Kinds => FollowedKinds;

    public DialerEngine Engine => engine;

    /// <summary>
    /// The live dialer of a campaign, as <c>dial run</c> and the scheduled campaigns of <c>run</c> both build it:
    /// the campaign's pacing, window, attempts and abandon cap, its agents, through <paramref name="target"/>.
    /// <paramref name="run"/> makes the attempts' ids unique across the campaign's runs (a daily campaign restarts every day).
    /// </summary>
    public static LiveDialer For(Campaigns.CampaignOptions campaign, IEnumerable<Campaigns.CampaignContact> contacts, string target, TimeProvider time, Func<bool>? pbxReady, string? run = null) =>
        new(new DialerEngine(campaign.Name, campaign.DialerOptions(), contacts, campaign.Agents, run is null ? null : $"{campaign.Name}-{run}"), campaign.Setup(target), time, pbxReady);

    /// <summary>Set by <see cref="StopPlacing"/>: no new calls; the ones in progress are still followed to their end.</summary>
    public bool Stopping { get; private set; }

    /// <summary>Places no more calls (the campaign's stop time); <see cref="RunAsync"/> returns once the calls in progress are done.</summary>
    public void StopPlacing()
    {
        lock (_sync)
        {
            Stopping = true;
        }
    }

    /// <summary>No call of this dialer on the PBX any more (placing, ringing, waiting or with an agent).</summary>
    public bool Drained
    {
        get
        {
            lock (_sync)
            {
                return _placing.Count == 0 && _byRequest.Count == 0 && _byCall.Count == 0;
            }
        }
    }

    /// <summary>Every attempt's outcome so far (busy, no-answer, machine, connected, abandoned, failed), by attempt id.</summary>
    public IReadOnlyDictionary<string, string> Outcomes
    {
        get
        {
            lock (_sync)
            {
                return new Dictionary<string, string>(_outcomes, StringComparer.Ordinal);
            }
        }
    }

    private readonly Dictionary<string, string> _outcomes = new(StringComparer.Ordinal);

    public bool Finished
    {
        get
        {
            lock (_sync)
            {
                return engine.Finished && _placing.Count == 0 && _byRequest.Count == 0;
            }
        }
    }

    /// <summary>Advances the dialer to now: agents back from wrap-up, graces run out, new calls. Returns the events to publish.</summary>
    public IReadOnlyList<EventEnvelope> Tick(EventFactory factory)
    {
        var now = time.GetUtcNow();
        var publish = new List<EventEnvelope>();
        lock (_sync)
        {
            foreach (var ready in _wrapUps.Where(w => w.Due <= now).ToList())
            {
                _wrapUps.Remove(ready);
                engine.OnAgentReady(ready.Agent, now);
            }

            foreach (var (attemptId, grace) in _graces.Where(g => g.Value.Due <= now).ToList())
            {
                _graces.Remove(attemptId);
                if (engine.OnGraceExpired(attemptId, now) && _byCall.TryGetValue(grace.CallId, out var attempt))
                {
                    publish.Add(factory.Create(Source, grace.CallId, Ended(attempt, "abandoned", detail: $"no agent within {engine.Options.ConnectGrace.TotalSeconds:0.#} s")));
                }
            }

            IReadOnlyList<DialAttempt> planned = Stopping || pbxReady?.Invoke() == false ? [] : engine.Plan(now);
            foreach (var attempt in planned)
            {
                _placing[attempt.Id] = attempt;
                publish.Add(factory.Create(Source, CallOf(attempt), new DialAttemptPlaced(engine.Campaign, attempt.Contact.Id, attempt.Contact.Number, attempt.Attempt,
                    engine.Options.Pacing.ToString().ToLowerInvariant(), engine.DialRatio)));
            }
        }

        return publish;
    }

    /// <summary>
    /// Ticks every <paramref name="every"/> until the campaign is done, or stopped and its calls in progress
    /// ended (or the token ends it), publishing what each tick decides.
    /// </summary>
    public async Task RunAsync(IEventPublisher publisher, EventFactory factory, TimeSpan every, CancellationToken cancellationToken)
    {
        while (!Finished && !(Stopping && Drained) && !cancellationToken.IsCancellationRequested)
        {
            foreach (var envelope in Tick(factory))
            {
                await publisher.PublishAsync(envelope, cancellationToken).ConfigureAwait(false);
            }

            await Task.Delay(every, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string CallOf(DialAttempt attempt) => $"{Source}:{attempt.Id}";

    public ValueTask EnrichAsync(EventEnvelope envelope, EnrichmentContext context, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_sync)
        {
            switch (envelope.Payload)
            {
                case DialAttemptPlaced when envelope.Source == Source && envelope.CallId is { } callId && _placing.Remove(callId[(Source.Length + 1)..], out var attempt):
                    var request = context.RequestWriteBack(setup.Target, "Originate", Originate(attempt), $"{engine.Campaign}: contact {attempt.Contact.Id}, attempt {attempt.Attempt}");
                    _byRequest[((WriteBackRequested)request.Payload).RequestId] = attempt;
                    break;
                case DialAttemptEnded { Outcome: "abandoned" } when envelope.Source == Source && envelope.CallId is { } abandoned && _byCall.ContainsKey(abandoned):
                    // The person waited too long: the target finds the call's channel. With an abandon message the
                    // dialplan says why and hangs up (the FTC wants a recorded message within 2 s); else it hangs up now.
                    if (setup.AbandonMessage is { } message)
                    {
                        context.RequestWriteBack(setup.Target, "Redirect", new Dictionary<string, string>(StringComparer.Ordinal)
                        {
                            ["Context"] = message.Context, ["Exten"] = message.Exten, ["Priority"] = message.Priority.ToString(CultureInfo.InvariantCulture),
                        }, $"abandoned: no agent free within the grace; the message at {message.Context},{message.Exten},{message.Priority}");
                    }
                    else
                    {
                        context.RequestWriteBack(setup.Target, "Hangup", new Dictionary<string, string>(StringComparer.Ordinal), "abandoned: no agent free within the grace");
                    }

                    break;
                case WriteBackOutcome outcome when _byRequest.Remove(outcome.RequestId, out var placed):
                    OnOriginated(placed, outcome, now, context);
                    break;
                case AmdResult amd when envelope.CallId is { } amdCall:
                    if (_byCall.TryGetValue(amdCall, out var answered))
                    {
                        OnAmd(answered, amdCall, amd, now, context);
                    }
                    else
                    {
                        _earlyAmd[amdCall] = amd; // AMD spoke before the gate reported the OriginateResponse
                    }

                    break;
                case CallEnded when envelope.CallId is { } gone && _earlyAmd.Remove(gone): // another dialer's call (the campaign desk hands every dialer every call)
                    break;
                case CallEnded when envelope.CallId is { } endedCall && _byCall.Remove(endedCall, out var ended):
                    if (engine.AgentOf(ended.Id) is { } agent && engine.ConnectedAt(ended.Id) is { } connectedAt)
                    {
                        engine.OnCallEnded(ended.Id, now);
                        _wrapUps.Add((agent, now + engine.Options.WrapUp));
                        Record(context, ended, "connected", agent, (now - connectedAt).TotalSeconds);
                    }

                    break;
            }
        }

        return ValueTask.CompletedTask;
    }

    private Dictionary<string, string> Originate(DialAttempt attempt)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Channel"] = $"PJSIP/{attempt.Contact.Number.TrimStart('+')}@{setup.Trunk}",
            ["Context"] = setup.Context,
            ["Exten"] = setup.Queue,
            ["Priority"] = "1",
            ["Timeout"] = ((int)engine.Options.RingTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            ["Variable"] = $"DIALER_CAMPAIGN={engine.Campaign},DIALER_ATTEMPT={attempt.Id}",
        };
        if (setup.CallerId is { } callerId)
        {
            parameters["CallerID"] = callerId;
        }

        return parameters;
    }

    private void OnOriginated(DialAttempt attempt, WriteBackOutcome outcome, DateTimeOffset now, EnrichmentContext context)
    {
        if (outcome is WriteBackCompleted { Result: { } result } && UniqueidOf().Match(result) is { Success: true } m)
        {
            var callId = $"{setup.Target}:{m.Groups[1].Value}";
            _byCall[callId] = attempt;
            if (_earlyAmd.Remove(callId, out var amd))
            {
                OnAmd(attempt, callId, amd, now, context);
            }

            return;
        }

        // Asterisk's Reason (AmiWriteBackTarget words it "reason N (...)"): 5 busy, 3 rang out, anything else a failed call.
        var error = outcome switch { WriteBackFailed f => f.Error, WriteBackSkipped s => s.Reason, _ => "" };
        var reason = ReasonOf().Match(error) is { Success: true } r ? r.Groups[1].Value : null;
        var kind = reason switch { "5" => "busy", "3" => "no-answer", _ => "failed" };
        engine.OnNotAnswered(attempt.Id, now, kind == "busy" ? "busy" : "no-answer");
        Record(context, attempt, kind, detail: error);
    }

    private void OnAmd(DialAttempt attempt, string callId, AmdResult amd, DateTimeOffset now, EnrichmentContext context)
    {
        switch (engine.OnAnswered(attempt.Id, now, amd.Machine))
        {
            case AnswerAction.HangUpMachine:
                _byCall.Remove(callId);
                Record(context, attempt, "machine", detail: "AMDSTATUS=" + amd.Status); // the dialplan hangs a machine up itself
                break;
            case AnswerAction.Wait:
                _graces[attempt.Id] = (callId, now + engine.Options.ConnectGrace);
                break;
        }
    }

    private DialAttemptEnded Ended(DialAttempt attempt, string outcome, string? agent = null, double? talk = null, string? detail = null)
    {
        _outcomes[attempt.Id] = outcome;
        return new DialAttemptEnded(engine.Campaign, attempt.Contact.Id, attempt.Contact.Number, attempt.Attempt, outcome, agent, talk, detail);
    }

    private void Record(EnrichmentContext context, DialAttempt attempt, string outcome, string? agent = null, double? talk = null, string? detail = null) =>
        context.Emit(Ended(attempt, outcome, agent, talk, detail));

    [GeneratedRegex(@"\(([^()\s]+)\)\s*$")]
    private static partial Regex UniqueidOf();

    [GeneratedRegex(@"reason (\d+)")]
    private static partial Regex ReasonOf();
}
