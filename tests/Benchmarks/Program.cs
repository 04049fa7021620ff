using BenchmarkDotNet.Running;
using Middleware.Benchmarks.Core;

// dotnet run -c Release --project tests/Benchmarks -- --filter '*'      BenchmarkDotNet suites
// dotnet run -c Release --project tests/Benchmarks -- latency [rate] [seconds]   paced pipeline latency
// dotnet run -c Release --project tests/Benchmarks -- understanding-latency [segments/s] [seconds]  emotion + intent in the pipeline
// dotnet run -c Release --project tests/Benchmarks -- routing-latency [calls/s] [seconds]  routing hints in the pipeline
// dotnet run -c Release --project tests/Benchmarks -- ticket-latency [calls] [calls/s]  hangup -> ticket acknowledged by the sample CRM
// dotnet run -c Release --project tests/Benchmarks -- broker [messages]          STOMP against a local ActiveMQ
// dotnet run -c Release --project tests/Benchmarks -- hep-ingest [calls] [rate/s]  HEP3 over loopback UDP into a HEP source
// dotnet run -c Release --project tests/Benchmarks -- asr-concurrency [legs,legs...] [seconds] [chunk-ms] [decoders|legs]  live legs through the speech enricher
// dotnet run -c Release --project tests/Benchmarks -- mirror-memory [calls] [--signalling-only] heap held per SIP-mirrored call
if (args.Length > 0 && args[0] == "latency")
{
    var rate = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
    var seconds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10;
    return await PipelineLatencyRun.RunAsync(rate, seconds);
}

if (args.Length > 0 && args[0] == "understanding-latency")
{
    return await Middleware.Benchmarks.Understanding.UnderstandingLatencyRun.RunAsync(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2_000,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10);
}

if (args.Length > 0 && args[0] == "routing-latency")
{
    return await Middleware.Benchmarks.Decisions.RoutingLatencyRun.RunAsync(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10);
}

if (args.Length > 0 && args[0] == "ticket-latency")
{
    return await Middleware.Benchmarks.Decisions.TicketLatencyRun.RunAsync(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 500,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20);
}

if (args.Length > 0 && args[0] == "broker")
{
    return await Middleware.Benchmarks.Stomp.BrokerRun.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20_000);
}

if (args.Length > 0 && args[0] == "hep-ingest")
{
    return await Middleware.Benchmarks.SipMirror.HepIngestRun.RunAsync(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20_000,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 0);
}

if (args.Length > 0 && args[0] == "mirror-memory")
{
    return Middleware.Benchmarks.SipMirror.MirrorMemoryRun.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2000, media: !args.Contains("--signalling-only"));
}

if (args.Length > 0 && args[0] == "asr-concurrency")
{
    var inv = System.Globalization.CultureInfo.InvariantCulture;
    return await Middleware.Benchmarks.Asr.AsrConcurrencyRun.RunAsync(
        args.Length > 1 ? args[1].Split(',').Select(n => int.Parse(n, inv)).ToArray() : [0, 1, 2, 4, 8, 12],
        args.Length > 2 ? double.Parse(args[2], inv) : 30,
        TimeSpan.FromMilliseconds(args.Length > 3 ? int.Parse(args[3], inv) : (int)new Middleware.Adapters.SipMirror.Rtp.RtpOptions().ChunkLength.TotalMilliseconds),
        args.Length > 4 ? (args[4] == "legs" ? null : int.Parse(args[4], inv)) : new Middleware.Enrichment.Asr.Engines.PocketSphinx.PocketSphinxOptions().Decoders);
}

BenchmarkSwitcher.FromAssembly(typeof(Middleware.Benchmarks.Core.NullJournal).Assembly).Run(args);
return 0;
