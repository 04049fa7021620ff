using System.Diagnostics;
using Middleware.Samples.Ami;
using Middleware.Samples.History;
using Middleware.Samples.Scenarios;

namespace Middleware.Host.Demo;

/// <summary>
/// The sample legacy call center in a box, watched by the middleware: an AMI PBX emulator on
/// loopback plays a morning of calls; the middleware connects to it over TCP like it would to a
/// real Asterisk, journals everything in SQLite, advises routing, drafts callback tickets and
/// writes hints back (assist mode). Prints each call's timeline and a summary.
/// </summary>
public sealed class DemoRunner(DemoOptions options, ILoggerFactory logs, TextWriter output)
{
    private readonly ILogger _logger = logs.CreateLogger("demo");

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var dataDir = options.DataDirectory ?? Path.Combine(Path.GetTempPath(), "middleware-demo-" + Environment.ProcessId);
        Directory.CreateDirectory(dataDir);
        var journalPath = Path.Combine(dataDir, "journal.db");
        DeleteJournal(journalPath);

        await using var transcript = options.RecordTranscript is { } path ? new StreamWriter(path) : null;
        var httpAddress = options.HttpAddress ?? (options.Serve ? "http://127.0.0.1:0" : null);
        DemoScenario.Outcome truth;
        Dictionary<string, string> joins = [];
        var speechRan = false;
        IReadOnlyList<IvrDemoCalls.Played> ivrCalls = [];
        var crmSummary = "";
        var env = await DemoEnvironment.StartAsync(journalPath, options.Speed, logs, transcript, httpAddress, options.Mode, options.Broker);
        await using (env)
        {
            output.WriteLine($"legacy PBX (AMI emulator): 127.0.0.1:{env.Pbx.Port}, {env.Pbx.Banner}, clock x{options.Speed}");
            await env.WaitConnectedAsync(cancellationToken);
            if (options.HistoryDays > 0)
            {
                var today = DateTimeOffset.Now.Date;
                var made = await new CallHistoryGenerator().WriteAsync(env.Runtime.Journal, new DateTimeOffset(today.AddDays(-options.HistoryDays), DateTimeOffset.Now.Offset), options.HistoryDays, cancellationToken: cancellationToken);
                output.WriteLine($"history: {made} past calls over {options.HistoryDays} day(s) written to the journal (try: report trends --journal {journalPath} --out trends.html{(options.DataDirectory is null ? "; a temp journal is removed at the end, keep it with --data DIR" : "")})");
            }

            output.WriteLine($"middleware: journal {journalPath}, write-back mode {env.Runtime.Gate.Mode.ToString().ToLowerInvariant()}");
            output.WriteLine($"sample CRM: {env.Crm.Address} (mapped by config/crm-examples/native-api.yaml)");
            output.WriteLine($"FastAGI: {env.FastAgi.UrlFor("ivr")} (dialplan: AGI({env.FastAgi.UrlFor("ivr")}?flow=main); flows in config/ivr/self-service.yaml)");
            if (env.DashboardUrl is { } url)
            {
                output.WriteLine($"dashboard: {url}");
                output.WriteLine($"API: {env.Http!.Address}api (X-Api-Key: {env.ApiKey}), OpenAPI {env.Http.Address}openapi.json, metrics {env.Http.Address}metrics");
            }

            if (env.Runtime.Broker is not null)
            {
                output.WriteLine($"broker: publishing every event to {env.Config.Broker.EventsDestination} and decisions to {env.Config.Broker.DecisionsDestination} on stomp://{env.Config.Broker.Stomp.Host}:{env.Config.Broker.Stomp.Port}");
            }

            output.WriteLine(env.Sbc is null
                ? $"speech: off, no speech engine runs here; to hear the calls: {Hosting.SpeechComposition.EnableHint}"
                : $"speech: the sample SBC mirrors {Samples.Mirror.Dialogue.Shipped.Count} conversations as HEP3 (SIP + G.711 RTP) to udp 127.0.0.1:{env.Runtime.Sources.OfType<Adapters.SipMirror.Hep.HepSource>().Single().UdpPort}; {string.Join(", ", env.Runtime.Speech!.Engines.Select(e => e.Name))} transcribes them");
            output.WriteLine("playing the scenario...");
            try
            {
                truth = await DemoScenario.RunAsync(env.Pbx.Pbx, cancellationToken, env.Sbc);
                output.WriteLine("IVR self-service calls (the AGI client answering as Asterisk does):");
                ivrCalls = await IvrDemoCalls.RunAsync(env.FastAgi.Port!.Value, env.Crm, output, cancellationToken);
                await WaitQuietAsync(env.Runtime, truth.Calls, cancellationToken);
                var crmTickets = env.Crm.Store.Tickets().Where(t => t.Description?.Contains("(call pbx-demo:", StringComparison.Ordinal) == true).ToList();
                crmSummary = $"{crmTickets.Count} ticket(s) created in the sample CRM: {string.Join("; ", crmTickets.Select(t => $"#{t.Id} {t.Title} [{t.Priority}]"))}";
                if (env.Runtime.Broker is { } publisher)
                {
                    await WaitPublishedAsync(env.Runtime, publisher, cancellationToken);
                    output.WriteLine($"broker: {publisher.Published} message(s) confirmed by the broker");
                }
                if (options.Serve)
                {
                    output.WriteLine("serving: the scenario repeats until Ctrl+C");
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        await DemoScenario.RunAsync(env.Pbx.Pbx, cancellationToken, env.Sbc);
                    }
                }
            }
            catch (OperationCanceledException) when (options.Serve)
            {
                output.WriteLine("stopping: draining the middleware, then the sample call center");
                truth = new DemoScenario.Outcome(0, 0, 0, 0, 0);
            }

            // Which mirror call is which PBX call (the call state joined them): their timelines are told as one.
            joins = env.Runtime.State.Calls(includeEnded: true).Where(c => c.JoinedCallId?.StartsWith(DemoEnvironment.MirrorSource + ":", StringComparison.Ordinal) == true)
                .ToDictionary(c => c.JoinedCallId!, c => c.CallId);
            speechRan = env.Sbc is not null;
        }

        var code = await ReportAsync(new JournalOptions { Path = journalPath }, truth, clock.Elapsed, crmSummary, ivrCalls, joins, speechRan);
        if (options.DataDirectory is null)
        {
            // A temp directory per run would pile up in /tmp (issue 16, item 16); --data keeps one.
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
            output.WriteLine($"  (the demo's journal in {dataDir} is removed; keep it with --data DIR)");
        }

        return code;
    }

    /// <summary>Waits until every call has ended in the live state and the pipeline and write-backs are idle.</summary>
    private static async Task WaitQuietAsync(MiddlewareRuntime runtime, int calls, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        long last = -1;
        var stableSince = Stopwatch.StartNew();
        // Speech decodes slower than the fast demo clock plays: its legs may need longer than the calls.
        while (deadline.Elapsed < TimeSpan.FromSeconds(runtime.Speech is null ? 30 : 180))
        {
            var processed = runtime.Pipeline.Metrics.Processed;
            var ended = runtime.State.Calls(includeEnded: true).Count(c => c.EndedAt is not null);
            var hearing = runtime.Speech is { Metrics: var asr } && (asr.Backlog > 0 || asr.ActiveLegs > 0);
            if (processed != last || hearing)
            {
                last = processed;
                stableSince.Restart();
            }
            else if (ended >= calls && stableSince.Elapsed > TimeSpan.FromMilliseconds(300))
            {
                return;
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private static async Task WaitPublishedAsync(MiddlewareRuntime runtime, Adapters.Stomp.Publishing.BrokerPublisher publisher, CancellationToken cancellationToken)
    {
        var head = await runtime.Journal.HeadAsync(cancellationToken);
        var deadline = Stopwatch.StartNew();
        while (publisher.Confirmed < head && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50, cancellationToken);
        }
    }

    private async Task<int> ReportAsync(JournalOptions journalOptions, DemoScenario.Outcome truth, TimeSpan elapsed, string crmSummary, IReadOnlyList<IvrDemoCalls.Played> ivrCalls,
        IReadOnlyDictionary<string, string> joins, bool speechRan)
    {
        await using var journal = await SqliteJournal.OpenAsync(journalOptions);
        var all = (await journal.ReadAfterAsync(0, 10_000_000)).Select(e => e.Envelope)
            .Where(e => e.CallId?.StartsWith("pbx-history:", StringComparison.Ordinal) != true).ToList();
        var speech = DemoSpeech.From(all, joins);
        var events = all.Where(e => !DemoSpeech.IsMirror(e)).ToList();
        foreach (var call in events.Concat(speech.Heard).Where(e => e.CallId is not null).GroupBy(e => joins.GetValueOrDefault(e.CallId!, e.CallId!)).OrderBy(g => g.First().OccurredAt))
        {
            TimelinePrinter.Print(output, call.Key, call.ToList());
        }

        var seen = DemoSummary.From(events);
        output.WriteLine();
        output.WriteLine("Summary");
        output.WriteLine($"  legacy PBX did:       {truth.Calls} calls, {truth.Answered} answered, {truth.Abandoned} abandoned, {truth.Transfers} transfer(s), {truth.Holds} hold(s)");
        output.WriteLine($"  middleware saw:       {seen.Calls} calls, {seen.Answered} answered, {seen.Abandoned} abandoned, {seen.Transfers} transfer(s), {seen.Holds} hold(s), {seen.Ended} ended");
        output.WriteLine($"  decisions:            {seen.RoutingHints} routing hint(s), {seen.Tickets} callback ticket(s); {seen.CallsWithDecision} of {seen.Calls} calls had at least one");
        output.WriteLine($"  write-backs:          {seen.WriteBacksCompleted} completed, {seen.WriteBacksFailed} failed, {seen.WriteBacksSkipped} skipped");
        output.WriteLine($"  CRM:                  {crmSummary}");
        var containment = Enrichment.Ivr.ContainmentRate.From(events.Select(e => e.Payload));
        output.WriteLine($"  IVR:                  {containment.Sessions + containment.Failed} session(s) over FastAGI; {containment}");
        if (speechRan)
        {
            output.WriteLine($"  speech:               {speech}");
        }

        output.WriteLine($"  journal:              {all.Count} events in {journalOptions.Path} ({seen.Unmapped} unmapped AMI events kept whole)");
        output.WriteLine($"  elapsed:              {elapsed.TotalSeconds:0.0} s");

        var reasons = options.Serve ? [] : DemoVerdict.Reasons(truth, seen, events, ivrCalls, containment.Sessions);
        if (!options.Serve && speechRan)
        {
            reasons.AddRange(speech.Problems(Samples.Mirror.Dialogue.Shipped.Count));
        }

        var ok = reasons.Count == 0;
        foreach (var reason in reasons)
        {
            output.WriteLine($"  MISMATCH: {reason}");
        }

        if (!ok)
        {
            _logger.LogError("demo mismatch: {Reasons}", string.Join(" | ", reasons));
        }

        return ok ? 0 : 1;
    }

    private static void DeleteJournal(string path)
    {
        var crm = Path.Combine(Path.GetDirectoryName(path)!, "sample-crm.db");
        foreach (var file in new[] { path, path + "-wal", path + "-shm", crm, crm + "-wal", crm + "-shm" })
        {
            File.Delete(file);
        }
    }
}

public sealed record DemoOptions(bool Serve, double Speed, string? DataDirectory, string? RecordTranscript, string? HttpAddress = null, int HistoryDays = 0, Uri? Broker = null,
    Core.WriteBack.WriteBackMode Mode = Core.WriteBack.WriteBackMode.Assist);
