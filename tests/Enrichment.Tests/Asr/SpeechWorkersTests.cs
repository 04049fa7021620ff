using Middleware.Enrichment.Asr;

namespace Middleware.Enrichment.Tests.Asr;

/// <summary>The decode threads: work runs there, below the pipeline's priority, and inline once they are gone.</summary>
public class SpeechWorkersTests
{
    /// <summary>The calling thread's nice value, field 19 of /proc/thread-self/stat (after the command's closing parenthesis).</summary>
    private static int ThreadNice()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], System.Globalization.CultureInfo.InvariantCulture); // field 19 counted from 1, the first two before ')'
    }

    [Fact]
    public async Task Work_runs_on_a_decode_thread_niced_below_the_pipeline_and_its_failure_reaches_the_caller()
    {
        using var workers = new SpeechWorkers(2);

        var (name, nice) = await workers.Run(() => (Thread.CurrentThread.Name, OperatingSystem.IsLinux() ? ThreadNice() : 10));
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => workers.Run(() => throw new InvalidOperationException("ps_start_utt failed")));

        Assert.StartsWith("speech-decode-", name);
        Assert.Equal(10, nice);
        Assert.Equal("ps_start_utt failed", failure.Message);
        Assert.True(!OperatingSystem.IsLinux() || workers.Lowered >= 1, $"{workers.Lowered} lowered"); // the one that ran the work lowered itself before taking any
        Assert.NotEqual(10, OperatingSystem.IsLinux() ? ThreadNice() : 0); // the test's own thread is not lowered
    }

    [Fact]
    public async Task After_dispose_work_runs_on_the_callers_thread()
    {
        var workers = new SpeechWorkers(1);
        workers.Dispose();

        var thread = await workers.Run(() => Environment.CurrentManagedThreadId);

        Assert.Equal(Environment.CurrentManagedThreadId, thread);
    }
}
