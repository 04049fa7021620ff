namespace Middleware.Enrichment.Dialer.Pacing;

/// <summary>
/// The campaign's abandon rate over a sliding window (30 days by default, as the FTC's rule counts
/// it): calls a person answered and no agent took within the grace, over all calls a person
/// answered. Machines are not counted.
/// </summary>
public sealed class AbandonRateWindow(TimeSpan window)
{
    private readonly Queue<(DateTimeOffset At, bool Abandoned)> _answered = new();
    private int _abandoned;

    public int Answered => _answered.Count;

    public int Abandoned => _abandoned;

    public double Rate => _answered.Count == 0 ? 0 : (double)_abandoned / _answered.Count;

    /// <summary>The rate if one more answered call were abandoned now (what the cap protects against).</summary>
    public double RateIfOneMoreAbandoned => (double)(_abandoned + 1) / (_answered.Count + 1);

    public void Record(DateTimeOffset at, bool abandoned)
    {
        _answered.Enqueue((at, abandoned));
        if (abandoned)
        {
            _abandoned++;
        }

        Trim(at);
    }

    /// <summary>Loads earlier results (the journal's last 30 days) at start.</summary>
    public void Seed(IEnumerable<(DateTimeOffset At, bool Abandoned)> history)
    {
        foreach (var (at, abandoned) in history.OrderBy(h => h.At))
        {
            Record(at, abandoned);
        }
    }

    private void Trim(DateTimeOffset now)
    {
        while (_answered.Count > 0 && now - _answered.Peek().At > window)
        {
            if (_answered.Dequeue().Abandoned)
            {
                _abandoned--;
            }
        }
    }
}
