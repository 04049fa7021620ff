using Middleware.Adapters.Crm.Configuration;

namespace Middleware.Adapters.Crm.StatusReadBack;

/// <summary>
/// Reads ticket status changes back from a CRM that has no webhook: every <c>ticket_status.poll_interval</c>
/// it lists the tickets changed since the newest CRM updated_at it has seen (list_changed_tickets) and
/// publishes a <see cref="TicketStatusChanged"/> (via "crm-poll") for each of the middleware's tickets whose
/// status moved. The pipeline journals it before anything acts on it, the broker publisher sends it on with the
/// other decisions, the SLA watcher stops a resolved ticket's alarms, and the dashboard shows it.
/// Exactly once: the book weighs each ticket and updated_at once and learns the journal's statuses at start,
/// and the "since" (a CRM time, so the two clocks never meet) is kept in the journal's cursors.
/// A CRM that is down costs one log line, not one per poll, and is asked again at the next interval.
/// </summary>
public sealed class TicketStatusPoller : IEventSource
{
    public const string Via = "crm-poll";

    private readonly CrmClient _crm;
    private readonly TicketStatusBook _book;
    private readonly TicketStatusOptions _options;
    private readonly IEventJournal _journal;
    private readonly EventFactory _factory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RepeatedWarnings _failures;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private DateTimeOffset _since;
    private long _polls;
    private long _emitted;
    private long _failed;
    private int _failingInARow;
    private string? _lastError;

    public TicketStatusPoller(CrmClient crm, TicketStatusBook book, TicketStatusOptions options, IEventJournal journal, EventFactory factory, TimeProvider time, ILogger logger)
    {
        if (options.PollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"crm {crm.Name}: ticket_status.poll_interval must be positive to poll", nameof(options));
        }

        _crm = crm;
        _book = book;
        _options = options;
        _journal = journal;
        _factory = factory;
        _time = time;
        _logger = logger;
        _failures = new RepeatedWarnings(logger, $"CRM {crm.Name}: ticket status poll", time, burst: 1, window: TimeSpan.FromHours(1));
    }

    public string Name => _crm.Name;

    public string Protocol => Via;

    /// <summary>Polls answered (successful or not), for the tests and the health line.</summary>
    public long Polls => Interlocked.Read(ref _polls);

    public long Failures => Interlocked.Read(ref _failed);

    public long Emitted => Interlocked.Read(ref _emitted);

    private string CursorName => $"{Via}:{_crm.Name}";

    public SourceHealth Health => new(Volatile.Read(ref _failingInARow) == 0,
        $"{Polls} poll(s) every {_options.PollInterval.TotalSeconds:0.#} s, {Emitted} status change(s), {_book.Count} ticket(s) followed, {Failures} failed poll(s)",
        _lastError)
    { Received = Emitted, Rejected = Failures };

    /// <summary>Takes the "since" from the journal's cursor (else look_back ago), polls once at once, then every interval.</summary>
    public async Task StartAsync(IEventPublisher publisher, CancellationToken cancellationToken)
    {
        var cursor = await _journal.GetCursorAsync(CursorName, cancellationToken).ConfigureAwait(false);
        _since = cursor > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(cursor) : _time.GetUtcNow() - _options.LookBack;
        _logger.LogInformation("CRM {Crm}: ticket statuses polled every {Interval} from {Since:O}, {Tickets} ticket(s) followed", _crm.Name, _options.PollInterval, _since, _book.Count);
        _loop = Task.Run(() => RunAsync(publisher, _stop.Token), CancellationToken.None);
    }

    private async Task RunAsync(IEventPublisher publisher, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_options.PollInterval, _time);
        try
        {
            do
            {
                await PollOnceAsync(publisher, stop).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>One poll; never throws but for a stop. A failure leaves "since" and the book as they were, so the next poll catches up.</summary>
    private async Task PollOnceAsync(IEventPublisher publisher, CancellationToken stop)
    {
        try
        {
            var listed = await _crm.ListChangedTicketsAsync(_since, stop).ConfigureAwait(false);
            Interlocked.Add(ref _emitted, await _book.TellAsync(listed, Via, Name, _factory, publisher, stop).ConfigureAwait(false));

            if (listed.Count > 0 && listed[^1].UpdatedAt > _since)
            {
                // Milliseconds, rounded down: the CRM's "since" is inclusive, so the boundary ticket is listed again and weighed as seen.
                _since = listed[^1].UpdatedAt;
                await _journal.SetCursorAsync(CursorName, _since.ToUnixTimeMilliseconds(), stop).ConfigureAwait(false);
            }

            if (Interlocked.Exchange(ref _failingInARow, 0) is > 0 and var failedInARow)
            {
                _logger.LogInformation("CRM {Crm}: ticket status poll answered again after {Failed} failed poll(s)", _crm.Name, failedInARow);
            }

            _lastError = null;
        }
        catch (Exception ex) when (!stop.IsCancellationRequested)
        {
            Interlocked.Increment(ref _failed);
            Interlocked.Increment(ref _failingInARow);
            _lastError = ex.Message;
            if (_failures.ShouldLog())
            {
                _logger.LogWarning("CRM {Crm}: ticket status poll failed, asking again in {Interval}: {Error}", _crm.Name, _options.PollInterval, ex.Message);
            }
        }
        finally
        {
            Interlocked.Increment(ref _polls);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }

        await _loop.ConfigureAwait(false);
        _failures.Flush();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _failures.Dispose();
        _stop.Dispose();
    }
}
