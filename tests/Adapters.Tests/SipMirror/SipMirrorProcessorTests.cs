using System.Net;
using Middleware.Adapters.SipMirror;
using Middleware.Adapters.SipMirror.Dialogs;
using Middleware.Adapters.Tests.SipMirror.Capture;
using Middleware.Core.Events;

namespace Middleware.Adapters.Tests.SipMirror;

/// <summary>SIP and RTP of one call through the processor every mirror input feeds: media facts land on the call's timeline.</summary>
public sealed class SipMirrorProcessorTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-12-03T09:00:00Z");
    private static readonly IPEndPoint Caller = new(IPAddress.Parse("10.0.0.9"), 16000);
    private static readonly IPEndPoint Agent = new(IPAddress.Parse("10.0.0.5"), 20000);
    private readonly SipMirrorProcessor _mirror = new();
    private readonly SipFlow _flow = new("dtmf-1@10.0.0.9");
    private readonly List<SipCallEvent> _events = [];

    private void Sip(Middleware.Adapters.SipMirror.Sip.SipMessage message, double atMs) => _mirror.ProcessSip(message.Raw, T0.AddMilliseconds(atMs), Caller, _events);

    private void Answered()
    {
        Sip(_flow.Invite(sdp: SipFlow.Sdp("10.0.0.9", 16000)), 0);
        Sip(_flow.Response(200, "OK", "INVITE", 1, "a-tag", SipFlow.Sdp("10.0.0.5", 20000)), 500);
        Sip(_flow.Request("ACK", "sip:8001@10.0.0.5", 1, "a-tag"), 510);
    }

    private void Rtp(byte payloadType, ushort sequence, uint timestamp, byte[] payload, double atMs) =>
        _mirror.ProcessRtp(Frames.Rtp(payloadType, sequence, timestamp, 0xCA11, payload), Caller, Agent, T0.AddMilliseconds(atMs), _events);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_leg_timed_out_after_the_pbx_died_ends_at_its_last_rtcp_report_not_at_its_ack(bool json)
    {
        // Asterisk's res_hep_pjsip + res_hep_rtcp mirror SIP and RTCP, never RTP. Before: the leg counted as
        // signalling-only and, its BYE never coming (kill -9 of the PBX), ended at its ACK: 0.5 s for a 38 s leg (issue 17, item 10).
        Answered();
        var rtcpFrom = new IPEndPoint(Agent.Address, Agent.Port + 1);
        var rtcpTo = new IPEndPoint(Caller.Address, Caller.Port + 1);
        for (var second = 5; second <= 38; second += 5)
        {
            var at = T0.AddSeconds(second);
            if (json)
            {
                _mirror.ProcessRtcpJson("""{"ssrc":2222,"type":201,"report_count":1,"sender_information":null,"report_blocks":[{"source_ssrc":1111,"fraction_lost":0,"packets_lost":0,"highest_seq_no":1500,"ia_jitter":16,"lsr":"0","dlsr":0}]}"""u8,
                    rtcpFrom, rtcpTo, at);
            }
            else
            {
                // RR (RFC 3550 §6.4.2): V=2, RC=1, PT=201, length 7; one report block about SSRC 0x1111.
                byte[] rr = [0x81, 201, 0, 7, 0, 0, 0x22, 0x22, 0, 0, 0x11, 0x11, 0, 0, 0, 0, 0, 0, 0x05, 0xDC, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0];
                _mirror.ProcessRtcp(rr, rtcpFrom, rtcpTo, at);
            }
        }

        _mirror.Sweep(T0.AddSeconds(35 + 60), _events); // 60 s after the last report but one: still alive
        Assert.DoesNotContain(_events, e => e.Payload is CallEnded);
        _mirror.Sweep(T0.AddSeconds(35 + 61), _events);

        var ended = Assert.Single(_events, e => e.Payload is CallEnded);
        Assert.Equal(T0.AddSeconds(35), ended.OccurredAt); // the last report (every 5 s up to 38 s: the one at 35 s)
        Assert.Equal(("timeout", 35.0), (((CallEnded)ended.Payload).Cause, ((CallEnded)ended.Payload).DurationSeconds));
    }

    [Fact]
    public void A_retransmission_is_a_sign_of_life_that_dates_a_timed_out_leg()
    {
        Answered();
        foreach (var atMs in new[] { 1000, 2000, 4000 }) // the 200 OK again and again: its ACK was lost (RFC 3261 §13.3.1.4)
        {
            Sip(_flow.Response(200, "OK", "INVITE", 1, "a-tag", SipFlow.Sdp("10.0.0.5", 20000)), atMs);
        }

        _mirror.Finish(T0.AddSeconds(5), _events);

        Assert.Equal(T0.AddSeconds(4), Assert.Single(_events, e => e.Payload is CallEnded).OccurredAt);
    }

    [Fact]
    public void An_rfc4733_digit_is_stamped_when_the_tone_began_not_when_its_end_packet_came()
    {
        Answered();
        // Digit 5 from 2000 ms: updates every 50 ms, the end (E bit) at 160 ms, sent three times (RFC 4733 §2.5.1.4).
        ushort seq = 1;
        foreach (var (durationMs, end) in new[] { (40, false), (90, false), (140, false), (160, true), (160, true), (160, true) })
        {
            var at = 2000 + Math.Min(durationMs, 160) + (seq > 4 ? (seq - 4) * 5 : 0);
            Rtp(101, seq++, 16000, [5, (byte)(end ? 0x8A : 0x0A), (byte)((durationMs * 8) >> 8), (byte)(durationMs * 8)], at);
        }

        var digit = Assert.Single(_events, e => e.Payload is DtmfReceived);
        Assert.Equal("5", ((DtmfReceived)digit.Payload).Digit);
        Assert.Equal(T0.AddMilliseconds(2000), digit.OccurredAt);
    }

    [Fact]
    public void A_long_hold_announced_in_the_sdp_is_kept_as_silence_on_both_legs()
    {
        Answered();
        var voice = Enumerable.Repeat((byte)0x55, 160).ToArray();
        ushort seq = 1;
        for (var i = 0; i < 50; i++)
        {
            Rtp(0, seq++, (uint)(i * 160), voice, 1000 + (i * 20));
        }

        Sip(_flow.ReInvite(_flow.CallerTag, "a-tag", 2, SipFlow.Sdp("10.0.0.9", 16000, "sendonly")), 2000);
        Sip(_flow.Response(200, "OK", "INVITE", 2, "a-tag", SipFlow.Sdp("10.0.0.5", 20000, "recvonly")), 2010);
        Sip(_flow.ReInvite(_flow.CallerTag, "a-tag", 3, SipFlow.Sdp("10.0.0.9", 16000)), 32_000);
        Sip(_flow.Response(200, "OK", "INVITE", 3, "a-tag", SipFlow.Sdp("10.0.0.5", 20000)), 32_010);
        for (var i = 50; i < 100; i++)
        {
            Rtp(0, seq++, (uint)(i * 160), voice, 31_000 + (i * 20)); // 30 s later, timestamps as if no time passed
        }

        _mirror.ProcessSip(_flow.Request("BYE", "sip:8001@10.0.0.5", 4, "a-tag").Raw, T0.AddSeconds(34), Caller, _events);

        Assert.Contains(_events, e => e.Payload is CallHeld);
        var samples = _events.Select(e => e.Payload).OfType<AudioChunk>().Where(c => c.Leg == Speaker.Caller).Sum(c => c.Pcm.Length / 2);
        Assert.Equal((100 * 160) + (30 * 8000), samples); // 2 s of voice and the 30 s hold between
    }
}
