using System.Text;
using Middleware.Core.Events;
using Middleware.Core.Journal;
using Middleware.Host.Output;
using Middleware.TestSupport;

namespace Middleware.Host.Tests.Cli;

/// <summary>
/// A caller-controlled CallerIDName with terminal escape sequences (issue 16, item 9): before,
/// `replay journal --timeline` and `inspect sip` printed the ESC bytes raw, so the terminal ran them.
/// </summary>
public sealed class EscapeInjectionTests : IDisposable
{
    // Clear the screen, then retitle the window: what a hostile display name would try.
    private const string Hostile = "Li\u001b[2J\u001b]0;owned\u0007 Wei\u202e";
    private readonly TempDirectory _dir = new();

    [Fact]
    public void Control_and_bidi_characters_are_shown_as_escapes_and_the_rest_is_kept()
    {
        Assert.Equal("Li\\x1B[2J\\x1B]0;owned\\x07 Wei\\u{202E}", TerminalText.Escape(Hostile));
        Assert.Equal("王芳 · 13800138000", TerminalText.Escape("王芳 · 13800138000"));
        Assert.Equal("a\\x09b\\x0Ac\\x9B", TerminalText.Escape("a\tb\nc\u009b"));
    }

    [Fact]
    public async Task Replay_journal_timeline_prints_no_control_character()
    {
        var db = _dir.File("journal.db");
        await using (var journal = await SqliteJournal.OpenAsync(new JournalOptions { Path = db }))
        {
            var factory = new EventFactory(TimeProvider.System);
            await journal.AppendAsync(factory.Create("pbx", "pbx:1", new CallStarted("13800138000", Hostile, "4008001234", CallDirection.Inbound, "PJSIP/t-1", null)));
        }

        var (code, stdout, _) = await MiddlewareProcess.RunAsync(["replay", "journal", db, "--timeline"]);

        Assert.Equal(0, code);
        Assert.Contains("Li\\x1B[2J\\x1B]0;owned\\x07 Wei", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(stdout.Replace("\n", "", StringComparison.Ordinal), c => char.IsControl(c) || c == '\u202e');
    }

    [Fact]
    public async Task Inspect_sip_prints_no_control_character()
    {
        var file = _dir.File("hostile.sip");
        await File.WriteAllBytesAsync(file, Encoding.UTF8.GetBytes(
            "INVITE sip:8001@10.0.0.5 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.9;branch=z9hG4bK-1\r\nMax-Forwards: 70\r\n" +
            $"From: \"{Hostile}\" <sip:13800138000@10.0.0.9>;tag=c\r\nTo: <sip:8001@10.0.0.5>\r\nCall-ID: esc@h\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n"));

        var (_, stdout, _) = await MiddlewareProcess.RunAsync(["inspect", "sip", file]);

        Assert.Contains("\\x1B[2J", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(stdout.Replace("\n", "", StringComparison.Ordinal), c => char.IsControl(c) || c == '\u202e');
    }

    public void Dispose() => _dir.Dispose();
}
