using Middleware.Enrichment.Asr.Engines.PocketSphinx;
using Middleware.TranscriptionServer;

// dotnet run --project samples/TranscriptionServer -- [--urls http://127.0.0.1:5090] [--api-key KEY]
// then: middleware replay pcap samples/captures/hold-transfer.pcapng --asr http --asr-url http://127.0.0.1:5090
var url = Arg("--urls") ?? "http://127.0.0.1:5090";
using var engine = PocketSphinxEngine.Create(new PocketSphinxOptions());
await using var server = await RecognizerServer.StartAsync(engine, url, Arg("--api-key"));
Console.WriteLine($"recognizer server (PocketSphinx, en) on {server.Endpoint}");
Console.WriteLine($"  curl -F file=@utterance.wav -F model=pocketsphinx -F response_format=verbose_json {server.Endpoint}");
var done = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    done.TrySetResult();
};
await done.Task;

string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
