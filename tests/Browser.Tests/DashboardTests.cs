using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;
using Middleware.Core.Events;
using Middleware.Core.WriteBack;
using Middleware.Host.Demo;
using Middleware.Samples.Pbx;
using Middleware.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace Middleware.Browser.Tests;

/// <summary>
/// The live dashboard in headless Chromium (Debian's, installed by scripts/test.sh) against the
/// sample call center: the board moves as calls queue, replayed transcript and emotion events
/// appear on their call, a click shows the timeline, and switching the mode needs a key.
/// </summary>
public sealed class DashboardTests : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"];

    private readonly TempDirectory _dir = new();
    private DemoEnvironment _env = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        SetDefaultExpectTimeout(20_000);
        _env = await DemoEnvironment.StartAsync(_dir.File("journal.db"), speed: 20, NullLoggerFactory.Instance, httpAddress: "http://127.0.0.1:0");
        await _env.WaitConnectedAsync(CancellationToken.None);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("MW_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _env.DisposeAsync();
        _dir.Dispose();
    }

    private async Task<IPage> OpenAsync(bool withKey = true)
    {
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1500, Height = 1150 } });
        await page.GotoAsync(withKey ? _env.DashboardUrl! : _env.Http!.Address.ToString());
        return page;
    }

    [Fact]
    public async Task Calls_queue_board_transcript_emotion_and_timeline_update_live()
    {
        var page = await OpenAsync();
        await Expect(page.Locator("#conn")).ToHaveTextAsync("live");
        var supportWaiting = page.Locator("#queues tr[data-queue=support] .waiting");
        await Expect(supportWaiting).ToHaveTextAsync("0");

        // A caller joins the support queue: the board shows one waiting, the call appears.
        var call = PbxCall.Inbound(_env.Pbx.Pbx, "13800138000", "王芳", "4008001234");
        await call.EnterQueueAsync("support");
        var callId = "pbx-demo:" + call.CallId;
        await Expect(supportWaiting).ToHaveTextAsync("1");
        var row = page.Locator($"#call-list li[data-call-id=\"{callId}\"]");
        await Expect(row).ToContainTextAsync("王芳");
        await Expect(row.Locator(".hint-line")).ToContainTextAsync("PJSIP/");

        // An agent answers: nobody waits any more.
        await call.RingAgentAsync("PJSIP/1001", answers: true, TimeSpan.FromSeconds(4));
        await Expect(supportWaiting).ToHaveTextAsync("0");
        await Expect(row).ToContainTextAsync("王丽 Wang Li");

        // Derived events recorded from another call, replayed onto this live one.
        var factory = new EventFactory(TimeProvider.System);
        foreach (var line in await File.ReadAllLinesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "recorded-derived-events.jsonl")))
        {
            await _env.Runtime.Pipeline.PublishAsync(factory.Create("recorded-replay", callId, EventJson.Deserialize(line)));
        }

        await Expect(row.Locator(".transcript")).ToContainTextAsync("退款到现在还没到账");
        // The emotion enricher reads the replayed segments itself: the row shows the call's rolling emotion and its reason.
        await Expect(row.Locator(".emotion")).ToHaveAttributeAsync("data-emotion", new System.Text.RegularExpressions.Regex("^(frustrated|angry)$"));
        await Expect(row.Locator(".emotion")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("negative"));
        await Expect(row.Locator(".emotion-label")).ToBeVisibleAsync();
        await Expect(row.Locator(".intent-line")).ToContainTextAsync("退款");
        await Expect(page.Locator("#alerts")).ToContainTextAsync("complaint keyword without escalation offer");

        // Clicking the call shows its whole timeline, the hint next to what the legacy ACD did.
        await row.ClickAsync();
        await Expect(page.Locator("#timeline .row[data-kind=CallQueued]")).ToBeVisibleAsync();
        await Expect(page.Locator("#timeline .row[data-kind=TranscriptSegment]").First).ToBeVisibleAsync();
        // Free text is redacted before it is journaled (privacy.redact): the caller number stays in CallStarted, not in the reason.
        await Expect(page.Locator("#timeline .compare")).ToContainTextAsync("VIP caller [PHONE]");
        await Expect(page.Locator("#timeline .compare")).ToContainTextAsync("王丽 Wang Li (PJSIP/1001) connected");

        // Charts for today render from the journal.
        await Expect(page.Locator("#chart-volume canvas")).ToBeVisibleAsync();
        await Expect(page.Locator("#reasons .reason").First).ToBeVisibleAsync();

        // Chinese labels.
        await page.Locator("#lang").ClickAsync();
        await Expect(page.Locator("h2[data-i18n=queues]")).ToHaveTextAsync("队列");
        await page.Locator("#lang").ClickAsync();

        var shot = Path.Combine(AppContext.BaseDirectory, "artifacts", "dashboard.png");
        Directory.CreateDirectory(Path.GetDirectoryName(shot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        Assert.True(new FileInfo(shot).Length > 10_000);
    }

    [Fact]
    public async Task A_campaign_alert_journaled_before_the_page_opened_is_shown_on_load_and_after_a_reload()
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(-30);
        var stopped = new CampaignStateChanged("spring-renewals", "stopped", 12, "stop at 12:00 (Asia/Shanghai); 40 dials, 13 answered by a person");
        await _env.Runtime.Pipeline.PublishAsync(new EventFactory(TimeProvider.System).Create("dialer", null, stopped, at));
        await Eventually.True(() => _env.Runtime.Journal.ReadAfterAsync(0, 100_000).GetAwaiter().GetResult().Any(e => e.Envelope.Payload is CampaignStateChanged), "the campaign's stop journaled");

        // The stop happened before the page existed: only the journal can show it.
        var page = await OpenAsync();
        await Expect(page.Locator("#alerts")).ToContainTextAsync("campaign spring-renewals stopped");
        await page.ReloadAsync();
        await Expect(page.Locator("#alerts")).ToContainTextAsync("campaign spring-renewals stopped");
        Assert.Equal(1, await page.Locator("#alerts li:has-text('spring-renewals')").CountAsync());
        Assert.Equal(at.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Locator("#alerts li:has-text('spring-renewals')").GetAttributeAsync("data-at"));
    }

    [Fact]
    public async Task Tickets_and_qa_findings_survive_a_reload_and_show_the_events_own_time()
    {
        // Stamped an hour back on the PBX's clock: the panels must show that time, not the browser's arrival time.
        var at = DateTimeOffset.UtcNow.AddHours(-1);
        var factory = new EventFactory(TimeProvider.System);
        await _env.Runtime.Pipeline.PublishAsync(factory.Create("pbx-demo", "pbx-demo:reload-1", new TicketDraft("Refund not received", "billing", "high", "caller waited three weeks", "13800138000", null), at));
        await _env.Runtime.Pipeline.PublishAsync(factory.Create("qa", "pbx-demo:reload-1", new QaFinding("greeting", "minor", "no greeting in the first 10 s", null, null), at.AddSeconds(5)));
        await Eventually.True(() => _env.Runtime.Pipeline.Metrics.Processed > 0, "the events processed");

        var page = await OpenAsync();
        await Expect(page.Locator("#tickets")).ToContainTextAsync("Refund not received");
        await Expect(page.Locator("#alerts")).ToContainTextAsync("no greeting in the first 10 s");
        await page.ReloadAsync();
        await Expect(page.Locator("#tickets li")).ToContainTextAsync("Refund not received");
        await Expect(page.Locator("#alerts")).ToContainTextAsync("no greeting in the first 10 s");

        var shownAt = await page.Locator("#tickets li").First.GetAttributeAsync("data-at");
        Assert.Equal(at.ToUnixTimeMilliseconds(), long.Parse(shownAt!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1, await page.Locator("#tickets li:has-text('Refund not received')").CountAsync()); // loaded and streamed, shown once
    }

    [Fact]
    public async Task At_1440_px_nothing_is_clipped_chips_are_labelled_and_the_chinese_page_has_chinese_charts_and_24_hour_times()
    {
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        await page.GotoAsync(_env.DashboardUrl!);
        await Expect(page.Locator("#conn")).ToHaveTextAsync("live");
        await Expect(page.Locator("link[rel=icon]")).ToHaveCountAsync(1);
        var call = PbxCall.Inbound(_env.Pbx.Pbx, "13800138000", "王芳", "4008001234");
        await call.EnterQueueAsync("support");
        await call.RingAgentAsync("PJSIP/1001", answers: true, TimeSpan.FromSeconds(2));
        var row = page.Locator($"#call-list li[data-call-id=\"pbx-demo:{call.CallId}\"]");
        await Expect(row).ToContainTextAsync("王丽 Wang Li");

        // The queue table fits (or scrolls inside its panel): the last column is not cut off.
        var clipped = await page.EvaluateAsync<bool>("() => { const t = document.querySelector('#queues'), w = document.querySelector('#queues-wrap'); return t.scrollWidth > w.clientWidth && getComputedStyle(w).overflowX !== 'auto'; }");
        Assert.False(clipped);
        // Agent chips are styled on the board only; the call row names its agent as text, no stray pill.
        Assert.Equal(0, await row.Locator(".agent").CountAsync());
        await Expect(row.Locator(".call-agent")).ToContainTextAsync("王丽");
        await Expect(page.Locator("#chart-volume canvas")).ToBeVisibleAsync();
        Assert.DoesNotContain("--", await page.Locator("#chart-volume .u-legend").InnerTextAsync(), StringComparison.Ordinal);

        // A ticket drafted with its reasons as codes (what HangupTicketDrafter emits).
        var factory = new EventFactory(TimeProvider.System);
        var due = DateTimeOffset.UtcNow.AddHours(4);
        await _env.Runtime.Pipeline.PublishAsync(factory.Create("pbx-demo", $"pbx-demo:{call.CallId}", new TicketDraft(
            "Call back 王芳 (13800138001)", "callback", "high", "caller hung up in the queue", "13800138001", due,
            Reasons: ["abandoned queue support after 95 s waiting"],
            ReasonCodes: [ReasonCode.Of("abandoned", ("queue", "support"), ("seconds", 95))],
            TitleCode: ReasonCode.Of("call-back", ("category", "callback"), ("name", "王芳"), ("caller", "13800138001")))));
        // Two IVR sessions today: one self-served, one transferred to an agent.
        await _env.Runtime.Pipeline.PublishAsync(factory.Create("fastagi", null, new IvrSessionEnded("ivr", "self-served", "balance", 9, 30)));
        await _env.Runtime.Pipeline.PublishAsync(factory.Create("fastagi", null, new IvrSessionEnded("ivr", "transferred", "agent", 5, 20)));
        var ticket = page.Locator("#tickets li:has-text('caller hung up in the queue')");
        await Expect(ticket).ToContainTextAsync("[high] Call back 王芳");

        await page.Locator("#lang").ClickAsync();
        // Hints and tickets speak Chinese too: said from the reasons' codes, not the server's English words.
        await Expect(row.Locator(".hint-line")).ToContainTextAsync("需要 support");
        Assert.DoesNotContain("needs ", await row.Locator(".hint-line").InnerTextAsync(), StringComparison.Ordinal);
        await Expect(ticket).ToContainTextAsync("[高] 回电 王芳");
        await Expect(ticket).ToContainTextAsync("到期");
        await Expect(page.Locator("#agents")).ToContainTextAsync("空闲"); // the board is redrawn in the new language
        await Expect(page.Locator("#agents")).Not.ToContainTextAsync("idle");
        // Charts are rebuilt in the new language from the journal: IVR containment of today's sessions.
        await Expect(page.Locator("#ivr")).ToContainTextAsync("自助完成率");
        await Expect(page.Locator("#ivr .ivr-line").First).ToHaveAttributeAsync("data-rate", "0.500");
        await Expect(page.Locator("#chart-volume .u-legend")).ToContainTextAsync("来电");
        await Expect(page.Locator("#chart-asa .u-legend")).ToContainTextAsync("放弃率");
        await row.ClickAsync();
        await Expect(page.Locator("#timeline .row[data-kind=RoutingHint]").Last).ToContainTextAsync("需要 support");
        await Expect(page.Locator("#timeline .row .time").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d{1,2}:\d{2}:\d{2}$"));

        var shot = Path.Combine(AppContext.BaseDirectory, "artifacts", "dashboard-1440-zh.png");
        Directory.CreateDirectory(Path.GetDirectoryName(shot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        await page.Locator("#lang").ClickAsync(); // leave the page's language as it was for the other tests (localStorage)
    }

    [Fact]
    public async Task Switching_the_mode_from_the_dashboard_needs_the_key()
    {
        var anonymous = await OpenAsync(withKey: false);
        await anonymous.Locator("#mode-select").SelectOptionAsync("act");
        await Expect(anonymous.Locator("#mode-error")).ToBeVisibleAsync();
        await Expect(anonymous.Locator("#mode-error")).ToContainTextAsync("API key");
        Assert.Equal(WriteBackMode.Assist, _env.Runtime.Gate.Mode);

        var operator_ = await OpenAsync();
        await Expect(operator_.Locator("#conn")).ToHaveTextAsync("live");
        await Expect(operator_.Locator("#mode-select")).ToHaveValueAsync("assist");
        await operator_.Locator("#mode-select").SelectOptionAsync("observe");
        await AwaitMode(WriteBackMode.Observe);
        await Expect(operator_.Locator("#mode-error")).ToBeHiddenAsync();
    }

    private Task AwaitMode(WriteBackMode mode) => Eventually.True(() => _env.Runtime.Gate.Mode == mode, $"the mode to become {mode}");
}
