using Middleware.Host.Replay;

namespace Middleware.Host.Cli;

/// <summary>middleware replay journal DB | replay ami FILE | replay pcap FILE: run recorded input through the middleware offline.</summary>
public static class ReplayCommand
{
    public static Command Build()
    {
        var command = new Command("replay", "Replay recorded input offline and print normalized events as JSON lines");
        command.Subcommands.Add(Journal());
        command.Subcommands.Add(Ami());
        command.Subcommands.Add(Pcap());
        return command;
    }

    private static Command Journal()
    {
        var db = new Argument<FileInfo>("db") { Description = "SQLite journal file" }.Journal();
        var call = new Option<string?>("--call") { Description = "Only this call id" };
        var timeline = new Option<bool>("--timeline") { Description = "Readable per-call timelines instead of JSON lines" };
        var command = new Command("journal", "Print a journal's events in append order") { db, call, timeline };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetValue(db)!;
            if (!file.Exists)
            {
                await Console.Error.WriteLineAsync($"replay journal: no such file: {file.FullName}");
                return 1;
            }

            await using var journal = await SqliteJournal.OpenAsync(new JournalOptions { Path = file.FullName }, cancellationToken: cancellationToken);
            if (journal.Recovery is { } recovery)
            {
                await Console.Error.WriteLineAsync(recovery.ToString());
            }

            var only = parse.GetValue(call);
            var events = new List<Core.Events.EventEnvelope>();
            long position = 0;
            while (true)
            {
                var page = await journal.ReadAfterAsync(position, 5000, cancellationToken);
                if (page.Count == 0)
                {
                    break;
                }

                position = page[^1].Position;
                events.AddRange(page.Select(e => e.Envelope).Where(e => only is null || e.CallId == only));
            }

            if (parse.GetValue(timeline))
            {
                foreach (var group in events.Where(e => e.CallId is not null).GroupBy(e => e.CallId!))
                {
                    TimelinePrinter.Print(Console.Out, group.Key, group.ToList());
                }
            }
            else
            {
                foreach (var e in events)
                {
                    await Console.Out.WriteLineAsync(EventJsonLine.Format(e));
                }
            }

            // IVR sessions journal under their call's id; those whose call has no PBX events are counted apart.
            static bool Ivr(EventEnvelope e) => e.Payload is IvrSessionStarted or IvrStep or IvrSessionEnded or WriteBackRequested or WriteBackOutcome;
            var byCall = events.Where(e => e.CallId is not null).GroupBy(e => e.CallId).ToList();
            var sessionsOnly = byCall.Count(g => g.Any(e => e.Payload is IvrSessionStarted) && g.All(Ivr));
            await Console.Error.WriteLineAsync($"replay journal: {events.Count} event(s), {byCall.Count - sessionsOnly} call(s)" +
                (sessionsOnly > 0 ? $", {sessionsOnly} IVR session(s) with no PBX events" : ""));
            return 0;
        });
        return command;
    }

    private static Command Pcap()
    {
        var file = new Argument<FileInfo>("file") { Description = "pcap or pcapng capture (mirror port, tcpdump, dumpcap); SIP over UDP/TCP, in HEP too, and RTP" };
        var source = new Option<string>("--source") { Description = "Source name to stamp on the events (and prefix the call ids)", DefaultValueFactory = _ => "pcap" };
        var wav = new Option<DirectoryInfo?>("--wav-out") { Description = "Write each call leg's decoded audio as a WAV file here" }.WritableDirectory();
        var filter = new Option<string?>("--filter") { Description = "BPF filter applied while reading, e.g. \"udp or tcp port 5060\"" };
        var internalNumbers = new Option<string?>("--internal-numbers") { Description = "Regex of the call center's own extensions (for inbound/outbound)" }.Regex();
        var asr = new Option<string>("--asr") { Description = "Transcribe the calls' audio: pocketsphinx, whisper, http or none (TranscriptSegment lines)", DefaultValueFactory = _ => "none" };
        var whisperModel = new Option<FileInfo?>("--whisper-model") { Description = "The whisper.cpp ggml model file for --asr whisper (checked before it is loaded; none ships)" };
        var asrUrl = new Option<string?>("--asr-url") { Description = "The recognizer server for --asr http: its POST /v1/audio/transcriptions URL (a URL without a path gets that path)" };
        var command = new Command("pcap", "Normalize the calls in a capture: JSON lines on stdout, a summary on stderr, per-leg WAVs") { file, source, wav, filter, internalNumbers, asr, whisperModel, asrUrl };
        command.SetAction((parse, cancellationToken) => PcapReplay.RunAsync(parse.GetValue(file)!.FullName, parse.GetValue(source)!, parse.GetValue(wav)?.FullName,
            parse.GetValue(filter), parse.GetValue(internalNumbers), Console.Out, Console.Error, parse.GetValue(asr)!,
            OfflineAsr(parse.GetValue(whisperModel)?.FullName, parse.GetValue(asrUrl)), cancellationToken));
        return command;
    }

    private static Command Ami()
    {
        var file = new Argument<FileInfo>("file") { Description = "Raw AMI transcript (CRLF or LF); client Action blocks are skipped" };
        var source = new Option<string>("--source") { Description = "Source name to stamp on the events", DefaultValueFactory = _ => "replay" };
        var command = new Command("ami", "Normalize a raw AMI transcript: JSON lines on stdout, framing errors and a summary on stderr") { file, source };
        command.SetAction((parse, cancellationToken) =>
            AmiTranscriptReplay.RunAsync(parse.GetValue(file)!.FullName, parse.GetValue(source)!, Console.Out, Console.Error, cancellationToken));
        return command;
    }

    /// <summary>
    /// A replay reads a recording, not a live call: a slow engine (a loaded machine, a busy recognizer
    /// server) costs time, not the caller's words, so an utterance gets minutes instead of the live
    /// path's seconds before it is given up.
    /// </summary>
    private static Enrichment.Asr.AsrOptions OfflineAsr(string? whisperModel, string? url) => new()
    {
        Whisper = { ModelPath = whisperModel },
        Http = { Url = url, Timeout = TimeSpan.FromMinutes(2) },
        Transcriber = { DecodeTimeout = TimeSpan.FromMinutes(5) },
    };
}
