using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Core.Events;
using Middleware.Host.Demo;
using Middleware.Samples.Pbx;
using Middleware.TestSupport;

namespace Middleware.Host.Tests.Http;

/// <summary>The HTTP API over real Kestrel on loopback, against the sample call center.</summary>
public sealed class ApiServerTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private DemoEnvironment _env = null!;
    private HttpClient _http = null!;
    private PbxCall _call = null!;

    public async Task InitializeAsync()
    {
        _env = await DemoEnvironment.StartAsync(_dir.File("journal.db"), speed: 50, NullLoggerFactory.Instance, httpAddress: "http://127.0.0.1:0");
        await _env.WaitConnectedAsync(CancellationToken.None);
        _http = new HttpClient { BaseAddress = _env.Http!.Address };
        _call = PbxCall.Inbound(_env.Pbx.Pbx, "13800138000", "王芳", "4008001234");
        await _call.EnterQueueAsync("support");
        await Eventually.True(() => _env.Runtime.State.GetCall(Id)?.Hints.Count > 0, "a routing hint on the call");
    }

    private string Id => "pbx-demo:" + _call.CallId;

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _env.DisposeAsync();
        _dir.Dispose();
    }

    private HttpRequestMessage Get(string path, string? key = null) => new(HttpMethod.Get, path) { Headers = { { "X-Api-Key", key ?? _env.ApiKey } } };

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await _http.SendAsync(Get(path));
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>())!;
    }

    public static TheoryData<string> ApiPaths() => new()
    {
        "/api/calls", "/api/calls?ended=true", "/api/queues", "/api/agents", "/api/agents?queue=support", "/api/board",
        "/api/history", "/api/decisions", "/api/decisions?type=hints", "/api/stats/today", "/api/stats/shadow", "/api/write-back", "/api/campaigns",
    };

    [Theory]
    [MemberData(nameof(ApiPaths))]
    public async Task Every_endpoint_answers_with_a_key_and_refuses_without_one_or_with_a_wrong_one(string path)
    {
        await GetJsonAsync(path);

        using var none = await _http.GetAsync(path);
        using var wrong = await _http.SendAsync(Get(path, "not-the-key-0000000000"));
        using var wrongBearer = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "nope") } });
        foreach (var response in new[] { none, wrong, wrongBearer })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("""{"error":"unauthorized"}""", await response.Content.ReadAsStringAsync()); // never which part was wrong
        }
    }

    [Fact]
    public async Task The_shadow_panel_counts_todays_queued_calls_and_says_when_nothing_is_comparable_yet()
    {
        var shadow = await GetJsonAsync($"/api/stats/shadow?tzOffsetMinutes={(int)TimeZoneInfo.Local.GetUtcOffset(DateTime.UtcNow).TotalMinutes}");

        var calls = shadow.GetProperty("calls").GetInt32();
        var comparable = shadow.GetProperty("comparable").GetInt32();
        Assert.InRange(comparable, 0, calls);
        if (comparable == 0)
        {
            Assert.False(shadow.TryGetProperty("agentAgreement", out var agreement) && agreement.ValueKind != JsonValueKind.Null); // unknown, not 0 %
        }
    }

    [Fact]
    public async Task Live_state_shows_the_queued_call_with_its_hint_and_the_board()
    {
        var calls = await GetJsonAsync("/api/calls");
        var call = calls.EnumerateArray().Single(c => c.GetProperty("callId").GetString() == Id);
        Assert.Equal("queued", call.GetProperty("phase").GetString());
        Assert.Equal("support", call.GetProperty("queue").GetString());
        Assert.Equal("prioritize", call.GetProperty("hints")[0].GetProperty("action").GetString() is "prioritize" or "route-to-agent" ? "prioritize" : "?");
        var ended = await GetJsonAsync("/api/calls?ended=true");
        Assert.DoesNotContain(ended.EnumerateArray(), c => c.GetProperty("callId").GetString() == Id); // a live call is not an ended one

        var board = await GetJsonAsync("/api/board");
        var support = board.GetProperty("queues").EnumerateArray().Single(q => q.GetProperty("name").GetString() == "support");
        Assert.Equal(1, support.GetProperty("waiting").GetInt32());
        Assert.Equal(5, board.GetProperty("agents").GetArrayLength());

        var one = await GetJsonAsync($"/api/calls/{Uri.EscapeDataString(Id)}");
        Assert.Equal("13800138000", one.GetProperty("callerNumber").GetString());
        using var missing = await _http.SendAsync(Get("/api/calls/nope"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_calls_timeline_lists_its_journal_in_order_with_decisions_marked()
    {
        var timeline = await GetJsonAsync($"/api/calls/{Uri.EscapeDataString(Id)}/timeline");
        var kinds = timeline.EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();

        Assert.Equal(EventKinds.CallStarted, kinds[0]);
        Assert.Contains(EventKinds.CallQueued, kinds);
        var hint = timeline.EnumerateArray().First(e => e.GetProperty("kind").GetString() == EventKinds.RoutingHint);
        Assert.True(hint.GetProperty("decision").GetBoolean());
        Assert.Contains("VIP caller", hint.GetProperty("text").GetString(), StringComparison.Ordinal);
        var positions = timeline.EnumerateArray().Select(e => e.GetProperty("position").GetInt64()).ToList();
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public async Task History_finds_a_call_by_its_number_in_another_format_and_decisions_filter_by_type()
    {
        var found = await GetJsonAsync("/api/history?number=%2B86%20138%200013%208000");
        Assert.Equal(Id, Assert.Single(found.EnumerateArray()).GetProperty("callId").GetString());
        Assert.Empty((await GetJsonAsync("/api/history?number=13900000000")).EnumerateArray());

        var hints = await GetJsonAsync("/api/decisions?type=hints");
        Assert.All(hints.EnumerateArray(), h => Assert.Equal(EventKinds.RoutingHint, h.GetProperty("kind").GetString()));
        using var bad = await _http.SendAsync(Get("/api/decisions?type=nonsense"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task The_tickets_decisions_carry_each_tickets_status_changes_for_the_panel_to_show_on_load()
    {
        var change = new TicketStatusChanged("42", "resolved", "open", "crm-poll", "sample-crm", DateTimeOffset.UtcNow);
        await _env.Runtime.Pipeline.PublishAsync(new EventFactory(TimeProvider.System).Create("sample-crm", Id, change));

        var tickets = await GetJsonAsync("/api/decisions?type=tickets");
        var status = Assert.Single(tickets.EnumerateArray(), t => t.GetProperty("kind").GetString() == EventKinds.TicketStatusChanged);
        Assert.Equal((Id, "42", "resolved"), (status.GetProperty("callId").GetString(), status.GetProperty("payload").GetProperty("ticketId").GetString(), status.GetProperty("payload").GetProperty("status").GetString()));
        Assert.Contains("open → resolved", status.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.All(tickets.EnumerateArray(), t => Assert.Contains(t.GetProperty("kind").GetString(), new[] { EventKinds.TicketDraft, EventKinds.WriteBackCompleted, EventKinds.TicketStatusChanged }));
    }

    [Fact]
    public async Task Switching_the_mode_needs_credentials_and_is_journaled_with_who()
    {
        using var anonymous = await _http.PutAsJsonAsync("/api/write-back/mode", new { mode = "act" });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(Core.WriteBack.WriteBackMode.Assist, _env.Runtime.Gate.Mode);

        using var bad = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/api/write-back/mode") { Content = JsonContent.Create(new { mode = "yolo" }), Headers = { { "X-Api-Key", _env.ApiKey } } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        using var ok = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/api/write-back/mode") { Content = JsonContent.Create(new { mode = "observe", reason = "night shift" }), Headers = { { "X-Api-Key", _env.ApiKey } } });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(Core.WriteBack.WriteBackMode.Observe, _env.Runtime.Gate.Mode);
        await Eventually.True(() => _env.Runtime.Pipeline.Metrics.Received.ContainsKey(("write-back", EventKinds.WriteBackModeChanged)), "the mode change to pass the pipeline");
        var journaled = (await _env.Runtime.Journal.ReadAfterAsync(0, 10_000)).Select(e => e.Envelope.Payload).OfType<WriteBackModeChanged>().Single();
        Assert.Equal("api:key:demo (night shift)", journaled.ChangedBy);
    }

    [Fact]
    public async Task Health_and_metrics_are_open_to_loopback_and_report_the_adapters()
    {
        var ready = await _http.GetFromJsonAsync<JsonElement>("/health/ready");
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.Contains(ready.GetProperty("components").EnumerateArray(), c => c.GetProperty("component").GetString() == "ami:pbx-demo" && c.GetProperty("healthy").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/health/live")).StatusCode);

        // The hint's Setvar is written back after the hint is on the call: wait for its outcome, then read.
        const string setvarDone = "mw_write_back_total{target=\"pbx-demo\",action=\"Setvar\",outcome=\"completed\"}";
        var metrics = "";
        await Eventually.True(() => (metrics = _http.GetStringAsync("/metrics").GetAwaiter().GetResult()).Contains(setvarDone, StringComparison.Ordinal), "the hint's Setvar to complete");
        var lines = metrics.Split('\n').Where(l => l.StartsWith("mw_", StringComparison.Ordinal)).ToList();
        Assert.Contains(lines, l => l.StartsWith("mw_events_in_total{source=\"pbx-demo\",kind=\"CallStarted\"}", StringComparison.Ordinal));
        Assert.Contains("mw_adapter_connected{source=\"pbx-demo\"} 1", lines);
        Assert.Contains("mw_journal_healthy 1", lines);
        Assert.Contains(lines, l => l.StartsWith("mw_write_back_total{target=\"pbx-demo\",action=\"Setvar\",outcome=\"completed\"}", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("mw_pipeline_queue_depth", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        var doc = await _http.GetFromJsonAsync<JsonElement>("/openapi.json");
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/calls/{id}/timeline", paths);
        Assert.Contains("/api/write-back/mode", paths);
        Assert.Contains("/health/ready", paths);
    }

    [Fact]
    public async Task The_live_stream_needs_a_token_and_then_pushes_the_board()
    {
        using var refused = await _http.GetAsync("/api/stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await _http.GetAsync($"/api/stream?access_token={_env.ApiKey}", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        while (await reader.ReadLineAsync(cts.Token) is { } line)
        {
            if (line == "event: board")
            {
                var data = (await reader.ReadLineAsync(cts.Token))!;
                Assert.StartsWith("data: {\"queues\":", data, StringComparison.Ordinal);
                return;
            }
        }

        Assert.Fail("no board message");
    }

    [Fact]
    public async Task The_dashboard_page_and_its_assets_are_served_from_the_executable()
    {
        var page = await _http.GetStringAsync("/");
        Assert.Contains("<script src=\"/assets/app.js\"></script>", page, StringComparison.Ordinal);
        foreach (var asset in new[] { "/assets/app.js", "/assets/app.css", "/assets/i18n.js", "/assets/vendor/uPlot.iife.min.js" })
        {
            using var response = await _http.GetAsync(asset);
            Assert.True(response.IsSuccessStatusCode, asset);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/assets/../Middleware.Host.dll")).StatusCode);
    }

    [Fact]
    public async Task The_chinese_page_has_a_phrase_for_every_reason_code_the_middleware_emits()
    {
        var i18n = await _http.GetStringAsync("/assets/i18n.js");
        var phrases = i18n[i18n.IndexOf("window.REASONS_ZH", StringComparison.Ordinal)..];
        Assert.NotEmpty(ReasonCodes.All);
        Assert.All(ReasonCodes.All, code => Assert.Contains($"\"{code}\": v =>", phrases, StringComparison.Ordinal));
    }
}
