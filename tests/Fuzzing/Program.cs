using System.Diagnostics;
using System.Globalization;
using Middleware.Fuzzing;

// The fuzz runner (issue 16): each parser for --seconds, seeded mutations of its corpus; prints
// executions and distinct crashes per parser and writes each crashing input to --crashes.
//   dotnet run -c Release --project tests/Fuzzing -- --seconds 600 [--only ami,sip] [--seed 1]
var seconds = 60.0;
var seed = 1;
string[]? only = null;
var crashDirectory = Path.Combine(Path.GetTempPath(), "middleware-fuzz-crashes");
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--seconds": seconds = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--seed": seed = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--only": only = args[i + 1].Split(','); break;
        case "--crashes": crashDirectory = args[i + 1]; break;
        default: Console.Error.WriteLine($"fuzz: unknown option {args[i]}"); return 2;
    }
}

var scratch = Directory.CreateTempSubdirectory("middleware-fuzz-").FullName;
Directory.CreateDirectory(crashDirectory);
var total = 0;
try
{
    Console.WriteLine("| parser | seconds | executions | exec/s | distinct crashes | corpus entries |");
    Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
    foreach (var target in ParserTargets.All(scratch).Where(t => only is null || only.Contains(t.Name)))
    {
        var mutator = new ByteMutator(seed);
        var crashes = new Dictionary<string, int>();
        var clock = Stopwatch.StartNew();
        long executions = 0;
        foreach (var entry in target.Corpus)
        {
            Record(target, entry, executions++, crashes);
        }

        while (clock.Elapsed.TotalSeconds < seconds)
        {
            Record(target, mutator.Mutate(target.Corpus), executions++, crashes);
        }

        var elapsed = clock.Elapsed.TotalSeconds;
        total += crashes.Count;
        Console.WriteLine($"| {target.Name} | {elapsed:F0} | {executions} | {executions / elapsed:F0} | {crashes.Count} | {target.Corpus.Count} |");
        foreach (var (signature, count) in crashes)
        {
            Console.Error.WriteLine($"  {target.Name}: {count} x {signature}");
        }
    }
}
finally
{
    Directory.Delete(scratch, recursive: true);
}

return total == 0 ? 0 : 1;

void Record(FuzzTarget target, byte[] input, long execution, Dictionary<string, int> crashes)
{
    if (target.Crash(input) is not { } crash)
    {
        return;
    }

    // A crash is told apart by its type and the frame that threw, so one bug counts once.
    var frame = new StackTrace(crash, false).GetFrames().FirstOrDefault(f => f.GetMethod()?.DeclaringType?.Namespace?.StartsWith("Middleware", StringComparison.Ordinal) == true);
    var signature = $"{crash.GetType().Name} in {frame?.GetMethod()?.DeclaringType?.Name}.{frame?.GetMethod()?.Name}: {crash.Message}";
    if (crashes.TryAdd(signature, 1))
    {
        File.WriteAllBytes(Path.Combine(crashDirectory, $"{target.Name}-seed{seed}-exec{execution}.bin"), input);
    }
    else
    {
        crashes[signature]++;
    }
}
