namespace Middleware.Adapters.Ami.Normalization;

/// <summary>Q.850 cause codes (what Asterisk reports in Hangup's Cause) as readable names.</summary>
internal static class AmiCauses
{
    private static readonly Dictionary<int, string> Names = new()
    {
        [0] = "unknown",
        [1] = "unallocated-number",
        [3] = "no-route-destination",
        [16] = "normal-clearing",
        [17] = "user-busy",
        [18] = "no-user-response",
        [19] = "no-answer",
        [20] = "subscriber-absent",
        [21] = "call-rejected",
        [22] = "number-changed",
        [26] = "answered-elsewhere",
        [27] = "destination-out-of-order",
        [28] = "invalid-number-format",
        [29] = "facility-rejected",
        [31] = "normal-unspecified",
        [34] = "no-circuit-available",
        [38] = "network-out-of-order",
        [41] = "temporary-failure",
        [42] = "congestion",
        [44] = "requested-channel-unavailable",
        [50] = "facility-not-subscribed",
        [58] = "bearer-capability-not-available",
        [65] = "bearer-capability-not-implemented",
        [66] = "channel-type-not-implemented",
        [69] = "facility-not-implemented",
        [81] = "invalid-call-reference",
        [88] = "incompatible-destination",
        [95] = "invalid-message",
        [96] = "mandatory-ie-missing",
        [97] = "message-type-nonexistent",
        [100] = "invalid-ie-contents",
        [102] = "recovery-on-timer-expiry",
        [111] = "protocol-error",
        [127] = "interworking",
    };

    public static string Name(int? code) => code is { } c && Names.TryGetValue(c, out var name) ? name : code is null ? "unknown" : $"cause-{code}";
}
