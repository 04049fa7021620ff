using Middleware.Core.Journal;
using Middleware.Enrichment.Dialer.Campaigns;
using Middleware.Enrichment.Dialer.Pacing;

namespace Middleware.Enrichment.Dialer;

/// <summary>One campaign as the API shows it: its state, since when, and the figures of its current (or last) run.</summary>
public sealed record CampaignStatus(string Name, string Pacing, string State, DateTimeOffset? Since, string? Detail, int ToDial, int InFlight, DialerStats? Figures);

/// <summary>
/// The campaigns of the config, started and stopped by their schedule (the host's scheduler calls
/// <see cref="StartAsync"/> and <see cref="StopAsync"/>). Each start reads the contact list again
/// and builds a fresh <see cref="LiveDialer"/> (<see cref="LiveDialer.For"/>, as <c>dial run</c>
/// does) and refills its abandon window from the journal (<see cref="AbandonHistory"/>: the cap is
/// over the campaign's last 30 days, not one run); a stop places no new calls but follows the calls in progress to their end. As an
/// enricher it hands every event a dialer follows to each dialer with calls on the PBX. Every
/// start, stop, finish and failed start is a journaled <see cref="CampaignStateChanged"/>.
/// </summary>
public sealed class CampaignDesk : IEnricher, IAsyncDisposable
{
    private const string Source = "dialer";
    private readonly IReadOnlyList<CampaignOptions> _campaigns;
    private readonly Func<CampaignOptions, string> _targetOf;
    private readonly Func<string, bool> _targetReady;
    private readonly TimeProvider _time;
    private readonly TimeSpan _every;
    private readonly IEventJournal? _journal;
    private readonly Lock _sync = new();
    private readonly Dictionary<string, Run> _runs = new(StringComparer.Ordinal); // by campaign: the current or last run
    private readonly List<Task> _loops = [];
    private readonly CancellationTokenSource _closing = new();
    private LiveDialer[] _following = []; // dialers with calls to follow: running, or stopped and draining
    private IEventPublisher? _publisher;
    private int _disposed;
    private EventFactory? _factory;

    /// <param name="targetOf">The write-back target (AMI source) a campaign dials through.</param>
    /// <param name="targetReady">Whether a target's AMI session is up: no calls are placed through one that is down.</param>
    /// <param name="every">How often the dialers tick (graces are 2 s: at most a tenth of that).</param>
    /// <param name="journal">Where each start reads the campaign's earlier answered calls (null: every run's abandon window starts empty).</param>
    public CampaignDesk(IReadOnlyList<CampaignOptions> campaigns, Func<CampaignOptions, string> targetOf, Func<string, bool> targetReady, TimeProvider time, TimeSpan every,
        IEventJournal? journal = null)
    {
        _journal = journal;
        _campaigns = campaigns;
        _targetOf = targetOf;
        _targetReady = targetReady;
        _time = time;
        _every = every;
    }

    private sealed class Run(LiveDialer dialer, DateTimeOffset since, string detail)
    {
        public LiveDialer Dialer { get; } = dialer;

        public string State { get; set; } = "started";

        public DateTimeOffset Since { get; set; } = since;

        public string Detail { get; set; } = detail;
    }

    public string Name => "campaigns";

    public IReadOnlyCollection<string> Kinds => LiveDialer.FollowedKinds;

    public IReadOnlyList<CampaignOptions> Campaigns => _campaigns;

    /// <summary>Where the start/stop events and the dialers' calls are published (the pipeline).</summary>
    public void Attach(IEventPublisher publisher, EventFactory factory)
    {
        _publisher = publisher;
        _factory = factory;
    }

    /// <summary>Starts the campaign unless it is running: reads its list, publishes "started" (or "failed" with the reason). False when it did not start.</summary>
    public async Task<bool> StartAsync(string name, string why, CancellationToken cancellationToken)
    {
        var campaign = _campaigns.First(c => c.Name == name);
        lock (_sync)
        {
            if (_runs.TryGetValue(name, out var current) && current.State == "started")
            {
                return false;
            }
        }

        var (import, error) = campaign.Load();
        if (import is null)
        {
            await PublishAsync(new CampaignStateChanged(name, "failed", 0, $"{why}: {error}"), cancellationToken).ConfigureAwait(false);
            return false;
        }

        var now = _time.GetUtcNow();
        var target = _targetOf(campaign);
        var dialer = LiveDialer.For(campaign, import.Contacts, target, _time, () => _targetReady(target), now.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture));
        var detail = $"{why}; {import.Errors.Count} row(s) refused, {import.DoNotCall} on the do-not-call list";
        if (_journal is not null)
        {
            var window = dialer.Engine.Abandons;
            window.Seed(await AbandonHistory.ReadAsync(_journal, name, now - dialer.Engine.Options.AbandonWindow, cancellationToken).ConfigureAwait(false));
            detail += string.Create(CultureInfo.InvariantCulture,
                $"; abandon rate over the last {dialer.Engine.Options.AbandonWindow.TotalDays:0} days {window.Rate * 100:0.0}% ({window.Abandoned} of {window.Answered} answered)");
        }

        var run = new Run(dialer, now, detail);
        lock (_sync)
        {
            _runs[name] = run;
            _following = [.. _following, dialer];
        }

        await PublishAsync(new CampaignStateChanged(name, "started", import.Contacts.Count, detail), cancellationToken).ConfigureAwait(false);
        lock (_sync)
        {
            _loops.Add(Task.Run(() => LoopAsync(run), CancellationToken.None));
        }

        return true;
    }

    /// <summary>Stops placing the campaign's calls (those in progress finish) and publishes "stopped" with its figures. False when it was not running.</summary>
    public async Task<bool> StopAsync(string name, string why, CancellationToken cancellationToken)
    {
        Run? run;
        lock (_sync)
        {
            if (!_runs.TryGetValue(name, out run) || run.State != "started")
            {
                return false;
            }

            run.Dialer.StopPlacing();
            (run.State, run.Since, run.Detail) = ("stopped", _time.GetUtcNow(), $"{why}; {run.Dialer.Engine.Stats.Outcomes()}");
        }

        await PublishAsync(new CampaignStateChanged(name, "stopped", run.Dialer.Engine.ToDial, run.Detail), cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Every campaign of the config: never started, started, stopped, finished or failed.</summary>
    public IReadOnlyList<CampaignStatus> Status()
    {
        lock (_sync)
        {
            return _campaigns.Select(c => _runs.TryGetValue(c.Name, out var run)
                    ? new CampaignStatus(c.Name, Pacing(c), run.State, run.Since, run.Detail, run.Dialer.Engine.ToDial, run.Dialer.Engine.InFlight, run.Dialer.Engine.Stats)
                    : new CampaignStatus(c.Name, Pacing(c), "scheduled", null, null, 0, 0, null))
                .ToList();
        }
    }

    private static string Pacing(CampaignOptions campaign) => campaign.Pacing.ToString().ToLowerInvariant();

    private async Task LoopAsync(Run run)
    {
        try
        {
            await run.Dialer.RunAsync(_publisher!, _factory!, _every, _closing.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            return; // shutting down: what is in progress is the journal's
        }

        bool finished;
        lock (_sync)
        {
            _following = [.. _following.Where(d => d != run.Dialer)];
            finished = run.State == "started";
            if (finished)
            {
                (run.State, run.Since, run.Detail) = ("finished", _time.GetUtcNow(), $"every contact done; {run.Dialer.Engine.Stats.Outcomes()}");
            }
        }

        if (finished)
        {
            await PublishAsync(new CampaignStateChanged(run.Dialer.Engine.Campaign, "finished", 0, run.Detail), CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task PublishAsync(CampaignStateChanged change, CancellationToken cancellationToken)
    {
        if (_publisher is null || _factory is null)
        {
            throw new InvalidOperationException("the campaign desk is not attached to a pipeline");
        }

        await _publisher.PublishAsync(_factory.Create(Source, null, change), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask EnrichAsync(EventEnvelope envelope, EnrichmentContext context, CancellationToken cancellationToken)
    {
        foreach (var dialer in Volatile.Read(ref _following))
        {
            await dialer.EnrichAsync(envelope, context, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Ends the dialers' ticking (the runtime stops before the pipeline drains).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _closing.CancelAsync().ConfigureAwait(false);
        Task[] loops;
        lock (_sync)
        {
            loops = [.. _loops];
        }

        await Task.WhenAll(loops).ConfigureAwait(false);
        _closing.Dispose();
    }
}
