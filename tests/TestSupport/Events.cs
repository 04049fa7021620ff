using Middleware.Core.Events;

namespace Middleware.TestSupport;

/// <summary>Envelope builders for tests.</summary>
public static class TestEvents
{
    private static readonly EventFactory Factory = new(TimeProvider.System);

    public static EventEnvelope Make(string? callId, CallCenterEvent payload, string source = "test", DateTimeOffset? at = null) =>
        Factory.Create(source, callId, payload, at);

    public static EventEnvelope Started(string callId, string caller = "13800138000", DateTimeOffset? at = null) =>
        Make(callId, new CallStarted(caller, "Caller", "400", CallDirection.Inbound, "PJSIP/trunk-0001"), at: at);

    public static EventEnvelope Ended(string callId, DateTimeOffset? at = null) =>
        Make(callId, new CallEnded("normal-clearing", 16, 30, 20, HangupParty.Caller), at: at);
}
