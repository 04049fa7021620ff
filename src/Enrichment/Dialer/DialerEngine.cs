using Middleware.Enrichment.Dialer.Campaigns;
using Middleware.Enrichment.Dialer.Pacing;

namespace Middleware.Enrichment.Dialer;

/// <summary>
/// One campaign's dialing: which contact is due (calling window in their zone, retries with back-off
/// per outcome, attempts capped), how many to dial now (<see cref="PacingController"/>), which agent
/// takes an answered call, and when an answered person has waited too long and is abandoned. It
/// holds no clock and no I/O: the live dialer (AMI Originate through the write-back gate, AMD
/// from the dialplan) and the simulator drive it with the same calls.
/// </summary>
public sealed class DialerEngine
{
    private readonly DialerOptions _options;
    private readonly PacingController _pacing;
    private readonly Queue<CampaignContact> _fresh;
    private readonly PriorityQueue<(CampaignContact Contact, int Attempt), DateTimeOffset> _retries = new();
    private readonly Dictionary<string, DialAttempt> _inFlight = new(StringComparer.Ordinal);
    private readonly List<DialAttempt> _waiting = [];
    private readonly Dictionary<string, DialAttempt> _connected = new(StringComparer.Ordinal);
    private readonly Stack<string> _idle = new();
    private readonly Dictionary<string, DateTimeOffset> _wrapping = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private readonly string _idPrefix;
    private long _nextId;
    private double _answerEstimate = 0.25;
    private double _timeToAnswer = 15;
    private double _logHandleMean = Math.Log(180);
    private double _logHandleVar = 0.3;

    /// <param name="idPrefix">What the attempts' ids start with (default the campaign's name).</param>
    public DialerEngine(string campaign, DialerOptions options, IEnumerable<CampaignContact> contacts, IEnumerable<string> agents, string? idPrefix = null)
    {
        Campaign = campaign;
        _idPrefix = idPrefix ?? campaign;
        _options = options;
        _pacing = new PacingController(options);
        _fresh = new Queue<CampaignContact>(contacts);
        foreach (var agent in agents.Reverse())
        {
            _idle.Push(agent);
        }

        Abandons = new AbandonRateWindow(options.AbandonWindow);
    }

    public string Campaign { get; }

    public DialerOptions Options => _options;

    public AbandonRateWindow Abandons { get; }

    public DialerStats Stats { get; } = new();

    public int InFlight => _inFlight.Count;

    /// <summary>Contacts not yet dialled or due a retry.</summary>
    public int ToDial => _fresh.Count + _retries.Count;

    public int IdleAgents => _idle.Count;

    public double DialRatio => _pacing.LastDialRatio;

    /// <summary>Nothing left to dial and nothing in progress.</summary>
    public bool Finished => _fresh.Count == 0 && _retries.Count == 0 && _inFlight.Count == 0 && _waiting.Count == 0 && _connected.Count == 0;

    /// <summary>When the next retry becomes due (the live dialer and the simulator wake up then).</summary>
    public DateTimeOffset? NextRetryAt => _retries.TryPeek(out _, out var at) ? at : null;

    /// <summary>The calls to place now, as many as the pacing asks for and contacts are due.</summary>
    public IReadOnlyList<DialAttempt> Plan(DateTimeOffset now)
    {
        var wanted = _pacing.CallsToPlace(Inputs(now));
        var placed = new List<DialAttempt>();
        var deferred = new List<CampaignContact>();
        while (placed.Count < wanted && NextDue(now, deferred) is { } next)
        {
            var attempt = new DialAttempt($"{_idPrefix}-{++_nextId}", next.Contact, next.Attempt, now);
            _attempts[next.Contact.Id] = next.Attempt;
            _inFlight[attempt.Id] = attempt;
            Stats.Dials++;
            placed.Add(attempt);
        }

        // Contacts outside their calling window wait at the back of the list.
        foreach (var contact in deferred)
        {
            _fresh.Enqueue(contact);
        }

        return placed;
    }

    private (CampaignContact Contact, int Attempt)? NextDue(DateTimeOffset now, List<CampaignContact> deferred)
    {
        if (_retries.TryPeek(out var retry, out var due) && due <= now && _options.InWindow(now, retry.Contact.TimeZone))
        {
            _retries.Dequeue();
            return retry;
        }

        for (var scanned = _fresh.Count; scanned > 0; scanned--)
        {
            var contact = _fresh.Dequeue();
            if (_options.InWindow(now, contact.TimeZone))
            {
                return (contact, 1);
            }

            deferred.Add(contact);
        }

        return null;
    }

    /// <summary>The line answered; AMD told whether a person or a machine. A person gets an idle agent, or waits within the grace.</summary>
    public AnswerAction OnAnswered(string attemptId, DateTimeOffset now, bool machine)
    {
        if (!_inFlight.Remove(attemptId, out var attempt))
        {
            return AnswerAction.HangUpMachine;
        }

        attempt.AnsweredAt = now;
        Learn(answered: !machine, secondsToAnswer: (now - attempt.PlacedAt).TotalSeconds);
        if (machine)
        {
            Stats.Machines++;
            Retry(attempt, "machine", now);
            return AnswerAction.HangUpMachine;
        }

        Stats.HumanAnswers++;
        if (_idle.TryPop(out var agent))
        {
            Connect(attempt, agent, now);
            return AnswerAction.Connect;
        }

        _waiting.Add(attempt);
        return AnswerAction.Wait;
    }

    /// <summary>The agent a connected or waiting-then-connected call went to.</summary>
    public string? AgentOf(string attemptId) => _connected.TryGetValue(attemptId, out var a) ? a.Agent : null;

    public DateTimeOffset? ConnectedAt(string attemptId) => _connected.TryGetValue(attemptId, out var a) ? a.ConnectedAt : null;

    /// <summary>Busy, no answer or failure: the contact is retried later by outcome, up to the attempt limit.</summary>
    public void OnNotAnswered(string attemptId, DateTimeOffset now, string outcome)
    {
        if (!_inFlight.Remove(attemptId, out var attempt))
        {
            return;
        }

        Learn(answered: false, secondsToAnswer: null);
        if (outcome == "busy")
        {
            Stats.Busy++;
        }
        else
        {
            Stats.NoAnswer++;
        }

        Retry(attempt, outcome, now);
    }

    /// <summary>The grace ran out for a waiting person: true when the call is abandoned (play the message, hang up, log it).</summary>
    public bool OnGraceExpired(string attemptId, DateTimeOffset now)
    {
        var index = _waiting.FindIndex(a => a.Id == attemptId);
        if (index < 0)
        {
            return false;
        }

        _waiting.RemoveAt(index);
        Stats.Abandoned++;
        Abandons.Record(now, abandoned: true);
        return true;
    }

    /// <summary>The agent's call ended; after wrap-up they are idle again.</summary>
    public void OnCallEnded(string attemptId, DateTimeOffset now)
    {
        if (!_connected.Remove(attemptId, out var attempt) || attempt.Agent is not { } agent)
        {
            return;
        }

        var talk = (now - attempt.ConnectedAt!.Value).TotalSeconds;
        Stats.TalkSeconds += talk;
        var ln = Math.Log(Math.Max(1, talk));
        var delta = ln - _logHandleMean;
        _logHandleMean += delta * 0.05;
        _logHandleVar += (delta * delta - _logHandleVar) * 0.05;
        _wrapping[agent] = now + _options.WrapUp;
    }

    /// <summary>Wrap-up done: the agent takes the longest-waiting answered person, if any; returns that attempt.</summary>
    public DialAttempt? OnAgentReady(string agent, DateTimeOffset now)
    {
        _wrapping.Remove(agent);
        if (_waiting.Count > 0)
        {
            var attempt = _waiting[0];
            _waiting.RemoveAt(0);
            Connect(attempt, agent, now);
            return attempt;
        }

        _idle.Push(agent);
        return null;
    }

    private void Connect(DialAttempt attempt, string agent, DateTimeOffset now)
    {
        attempt.Agent = agent;
        attempt.ConnectedAt = now;
        _connected[attempt.Id] = attempt;
        Stats.Connected++;
        Abandons.Record(now, abandoned: false);
    }

    private void Retry(DialAttempt attempt, string outcome, DateTimeOffset now)
    {
        if (attempt.Attempt < _options.MaxAttempts)
        {
            _retries.Enqueue((attempt.Contact, attempt.Attempt + 1), now + _options.RetryAfter(outcome));
        }
    }

    private void Learn(bool answered, double? secondsToAnswer)
    {
        // Running estimates, weighted to the last ~100 dials: pacing follows the list and the hour.
        _answerEstimate += ((answered ? 1 : 0) - _answerEstimate) * 0.01;
        if (secondsToAnswer is { } s)
        {
            _timeToAnswer += (s - _timeToAnswer) * 0.05;
        }
    }

    private PacingInputs Inputs(DateTimeOffset now) => new(
        _idle.Count,
        _connected.Values.Select(a => (now - a.ConnectedAt!.Value).TotalSeconds).ToList(),
        _wrapping.Values.Select(w => Math.Max(0, (w - now).TotalSeconds)).ToList(),
        _inFlight.Count,
        _waiting.Count,
        _answerEstimate,
        _timeToAnswer,
        (_logHandleMean, Math.Sqrt(_logHandleVar)),
        Abandons.Rate,
        Abandons.Answered);
}

/// <summary>Counts of one campaign run.</summary>
public sealed class DialerStats
{
    public int Dials { get; set; }

    public int HumanAnswers { get; set; }

    public int Machines { get; set; }

    public int Busy { get; set; }

    public int NoAnswer { get; set; }

    public int Connected { get; set; }

    public int Abandoned { get; set; }

    public double TalkSeconds { get; set; }

    /// <summary>Abandoned over person-answered.</summary>
    public double AbandonRate => HumanAnswers == 0 ? 0 : (double)Abandoned / HumanAnswers;

    /// <summary>Dials that reached an agent.</summary>
    public double ConnectRate => Dials == 0 ? 0 : (double)Connected / Dials;

    /// <summary>The outcomes in words, as dial simulate, dial run and the campaign's stop event say them.</summary>
    public string Outcomes() =>
        $"{Dials} dials, {HumanAnswers} answered by a person, {Machines} machines, {Busy} busy, {NoAnswer} no answer; {Connected} connected, {Abandoned} abandoned";
}
