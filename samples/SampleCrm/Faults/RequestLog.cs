using System.Collections.Concurrent;

namespace Middleware.SampleCrm.Faults;

/// <summary>Every API request the sample CRM answered, with when and how: what tests check resilience against.</summary>
public sealed class RequestLog
{
    private readonly ConcurrentQueue<(DateTimeOffset At, string Method, string Path, int Status)> _entries = new();

    public void Add(string method, string path, int status) => _entries.Enqueue((DateTimeOffset.UtcNow, method, path, status));

    public IReadOnlyList<(DateTimeOffset At, string Method, string Path, int Status)> Entries => _entries.ToArray();

    public int Count => _entries.Count;
}
