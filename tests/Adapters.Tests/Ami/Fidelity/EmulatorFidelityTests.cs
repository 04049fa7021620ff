using System.Text;
using Middleware.Core.Events;
using Middleware.Samples.Pbx;
using static Middleware.Adapters.Tests.Ami.Fidelity.Asterisk22Transcripts;

namespace Middleware.Adapters.Tests.Ami.Fidelity;

/// <summary>The emulated PBX says what Asterisk 22 says for the same journey, and the normalizer reads it right.</summary>
public class EmulatorFidelityTests
{
    /// <summary>Plays one journey on a PBX model in fast virtual time and returns the AMI bytes it emitted.</summary>
    private static async Task<byte[]> Play(Func<PbxModel, Task> journey)
    {
        var text = new StringBuilder();
        var pbx = new PbxModel(new ScaledClock(100_000, DateTimeOffset.Parse("2026-11-26T10:00:00Z")), t =>
        {
            lock (text)
            {
                text.Append(t);
            }
        });
        pbx.AddMember("support", "PJSIP/1001", "Wang Li");
        await journey(pbx);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static async Task<PbxCall> Connected(PbxModel pbx, string ivrDigits)
    {
        var call = PbxCall.Inbound(pbx, "13800138000", "Zhang Wei", "4008001234");
        await call.PressAsync(ivrDigits);
        await call.EnterQueueAsync("support");
        Assert.True(await call.RingAgentAsync("PJSIP/1001", answers: true, TimeSpan.FromSeconds(3)));
        return call;
    }

    [Fact]
    public async Task Bridged_digits_are_reported_received_and_sent_and_read_once_per_press()
    {
        var bytes = await Play(async pbx =>
        {
            var call = await Connected(pbx, "25");
            await call.PressAsync("1");
            await call.AgentPressAsync("*2");
            call.Hangup(byCaller: true);
        });

        var messages = Messages(bytes);
        Assert.Equal(["Received", "Sent"], messages.Where(m => m.Event == "DTMFEnd" && m["Digit"] == "1").Select(m => m["Direction"]));
        var digits = Normalize(bytes).Select(e => e.Payload).OfType<DtmfReceived>().ToList();
        Assert.Equal("251", string.Concat(digits.Where(d => d.Party == Speaker.Caller).Select(d => d.Digit)));
        Assert.Equal("*2", string.Concat(digits.Where(d => d.Party == Speaker.Agent).Select(d => d.Digit)));
    }

    [Fact]
    public async Task The_queue_plays_music_to_a_waiting_caller_and_an_agents_hold_is_the_only_hold()
    {
        var bytes = await Play(async pbx =>
        {
            var call = await Connected(pbx, "");
            await call.HoldAsync(TimeSpan.FromSeconds(5));
            call.Hangup(byCaller: false);
        });

        var messages = Messages(bytes);
        Assert.Equal(2, messages.Count(m => m.Event == "MusicOnHoldStart"));
        Assert.StartsWith("PJSIP/1001-", Assert.Single(messages, m => m.Event == "Hold")["Channel"]);
        var events = Normalize(bytes);
        Assert.Single(events, e => e.Payload is CallHeld);
        Assert.Single(events, e => e.Payload is CallResumed);
    }
}
