using BenchmarkDotNet.Running;
using Middleware.Benchmarks.Core;

// dotnet run -c Release --project tests/Benchmarks -- --filter '*'      BenchmarkDotNet suites
// dotnet run -c Release --project tests/Benchmarks -- latency [rate] [seconds]   paced pipeline latency
// dotnet run -c Release --project tests/Benchmarks -- broker [messages]          STOMP against a local ActiveMQ
if (args.Length > 0 && args[0] == "latency")
{
    var rate = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
    var seconds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10;
    return await PipelineLatencyRun.RunAsync(rate, seconds);
}

if (args.Length > 0 && args[0] == "broker")
{
    return await Middleware.Benchmarks.Stomp.BrokerRun.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20_000);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
