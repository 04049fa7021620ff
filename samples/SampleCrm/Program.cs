using Middleware.SampleCrm;

// dotnet run --project samples/SampleCrm -- [--urls http://127.0.0.1:5080] [--db sample-crm.db]
var url = Arg("--urls") ?? "http://127.0.0.1:5080";
var db = Arg("--db") ?? "sample-crm.db";
await using var server = await SampleCrmServer.StartAsync(db, url);
Console.WriteLine($"sample CRM on {server.Address} (database {Path.GetFullPath(db)})");
Console.WriteLine($"  shape A: GET {server.Address}api/customers?phone=13800138000 with X-Crm-Key: {SampleCrmServer.DefaultApiKey}");
Console.WriteLine($"  shape B: POST {server.Address}crm2/oauth/token (client_credentials {SampleCrmServer.DefaultClientId}), then /crm2/v1/contacts/search?mobile=...");
Console.WriteLine($"  webhook: POST {server.Address}admin/webhook {{\"url\":\"http://127.0.0.1:8080/hooks/crm/sample-crm/ticket-status\",\"secret\":\"...\"}}: ticket status changes posted, signed X-Signature-256");
Console.WriteLine($"  faults:  POST {server.Address}admin/faults {{\"errorRate\":1}} | {{\"rateLimitNext\":3,\"retryAfterSeconds\":2}} | {{\"latencyMs\":500}}");
var done = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    done.TrySetResult();
};
await done.Task;

string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
