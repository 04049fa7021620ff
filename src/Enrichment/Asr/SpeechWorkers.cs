using System.Runtime.InteropServices;

namespace Middleware.Enrichment.Asr;

/// <summary>
/// The threads an engine's decoding runs on, kept below the pipeline in the OS scheduler. A decode is
/// seconds of native CPU work; on the thread pool, a few of them on two cores left the signalling
/// lanes waiting for a core (p99 2.2 s at eight legs). Here each thread is niced on Linux (+10: a CFS
/// weight of 110 against the pipeline threads' 1,024), so a core busy decoding runs a queued call
/// event at once, and the pool stays the pipeline's; elsewhere they run at BelowNormal priority. The
/// legs' workers only wait for them. One thread per decoder the engines may run at once.
/// Results are handed back through one relay thread at normal priority, not from a decode thread:
/// a thread inherits its creator's nice value, and a continuation queued from a niced thread may make
/// the pool start a worker there, which would then run pipeline lanes niced too.
/// </summary>
public sealed class SpeechWorkers : IDisposable
{
    private const int PrioProcess = 0; // setpriority(2): with a thread id, that thread alone on Linux
    private readonly BlockingCollection<Action> _work = [];
    private readonly BlockingCollection<Action> _results = [];
    private readonly Thread[] _threads;
    private readonly Thread _relay;
    private int _lowered;

    public SpeechWorkers(int threads, int nice = 10)
    {
        _threads = Enumerable.Range(0, Math.Max(1, threads))
            .Select(i => new Thread(() => Serve(nice)) { IsBackground = true, Name = $"speech-decode-{i}", Priority = nice > 0 ? ThreadPriority.BelowNormal : ThreadPriority.Normal })
            .ToArray();
        foreach (var thread in _threads)
        {
            thread.Start();
        }

        _relay = new Thread(Relay) { IsBackground = true, Name = "speech-relay" };
        _relay.Start();
    }

    public int Threads => _threads.Length;

    /// <summary>How many threads the OS lowered (Linux: nice took); 0 elsewhere or when refused.</summary>
    public int Lowered => Volatile.Read(ref _lowered);

    /// <summary>Runs <paramref name="work"/> on one of the threads; after <see cref="Dispose"/>, on the caller's.</summary>
    public Task<T> Run<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Item()
        {
            Action complete;
            try
            {
                var result = work();
                complete = () => done.SetResult(result);
            }
            catch (Exception ex)
            {
                complete = () => done.SetException(ex);
            }

            if (!TryAdd(_results, complete))
            {
                complete(); // disposing: the relay is gone
            }
        }

        if (!TryAdd(_work, Item))
        {
            Item();
        }

        return done.Task;
    }

    public Task Run(Action work) => Run(() =>
    {
        work();
        return true;
    });

    private static bool TryAdd(BlockingCollection<Action> queue, Action item)
    {
        try
        {
            return !queue.IsAddingCompleted && queue.TryAdd(item);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
        {
            return false; // disposed between the check and the add
        }
    }

    private void Serve(int nice)
    {
        if (nice > 0 && OperatingSystem.IsLinux() && Lower(nice))
        {
            Interlocked.Increment(ref _lowered);
        }

        foreach (var item in _work.GetConsumingEnumerable())
        {
            item();
        }
    }

    private void Relay()
    {
        foreach (var complete in _results.GetConsumingEnumerable())
        {
            complete();
        }
    }

    private static bool Lower(int nice)
    {
        try
        {
            return setpriority(PrioProcess, gettid(), nice) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _work.CompleteAdding();
        foreach (var thread in _threads)
        {
            thread.Join(TimeSpan.FromSeconds(10));
        }

        _results.CompleteAdding();
        _relay.Join(TimeSpan.FromSeconds(10));
        _work.Dispose();
        _results.Dispose();
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setpriority(int which, int who, int prio);

    [DllImport("libc")]
    private static extern int gettid();
}
