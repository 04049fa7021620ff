using System.Diagnostics;

namespace Middleware.Host.Cli;

/// <summary>
/// middleware bench journal: appends synthetic call events to a journal as fast as it takes them.
/// With --print-acks each event id is printed once its append is durable (the crash test kills
/// this process and checks every printed id survived).
/// </summary>
public static class BenchCommand
{
    public static Command Build()
    {
        var command = new Command("bench", "Quick throughput checks against this machine (BenchmarkDotNet suites live under tests/Benchmarks)");
        var db = new Option<FileInfo>("--db") { Description = "Journal file", Required = true }.WritableFile();
        var events = new Option<int>("--events") { Description = "How many events", DefaultValueFactory = _ => 100_000 }.Positive();
        var writers = new Option<int>("--writers") { Description = "Concurrent appenders", DefaultValueFactory = _ => 8 }.Positive();
        var batch = new Option<int>("--batch") { Description = "Events per append call", DefaultValueFactory = _ => 64 }.Positive();
        var durability = new Option<JournalDurability>("--durability") { DefaultValueFactory = _ => JournalDurability.Full };
        var printAcks = new Option<bool>("--print-acks") { Description = "Print each event id once it is durable" };
        var journal = new Command("journal", "Durable append throughput") { db, events, writers, batch, durability, printAcks };
        journal.SetAction(async (parse, cancellationToken) =>
        {
            var options = new JournalOptions { Path = parse.GetValue(db)!.FullName, Durability = parse.GetValue(durability) };
            await using var store = await SqliteJournal.OpenAsync(options, cancellationToken: cancellationToken);
            var total = parse.GetValue(events);
            var perAppend = Math.Max(1, parse.GetValue(batch));
            var acks = parse.GetValue(printAcks);
            var factory = new EventFactory(TimeProvider.System);
            var next = 0;
            var output = Console.Out;
            var watch = Stopwatch.StartNew();
            var tasks = Enumerable.Range(0, Math.Max(1, parse.GetValue(writers))).Select(w => Task.Run(async () =>
            {
                while (true)
                {
                    var start = Interlocked.Add(ref next, perAppend) - perAppend;
                    if (start >= total || cancellationToken.IsCancellationRequested)
                    {
                        return;
                    }

                    var chunk = Enumerable.Range(start, Math.Min(perAppend, total - start))
                        .Select(i => factory.Create("bench", $"call-{i / 10}", new DtmfReceived((i % 10).ToString(System.Globalization.CultureInfo.InvariantCulture), "received", i)))
                        .ToList();
                    await store.AppendBatchAsync(chunk, cancellationToken);
                    if (acks)
                    {
                        lock (output)
                        {
                            foreach (var e in chunk)
                            {
                                output.WriteLine(e.Id);
                            }

                            output.Flush();
                        }
                    }
                }
            }, cancellationToken)).ToArray();
            await Task.WhenAll(tasks);
            watch.Stop();
            await Console.Error.WriteLineAsync($"bench journal: {total} events in {watch.Elapsed.TotalSeconds:0.000} s = {total / watch.Elapsed.TotalSeconds:0} events/s ({store.Health.Commits} commits, durability {options.Durability.ToString().ToLowerInvariant()})");
            return 0;
        });
        command.Subcommands.Add(journal);
        return command;
    }
}
