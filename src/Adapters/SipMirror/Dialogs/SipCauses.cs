namespace Middleware.Adapters.SipMirror.Dialogs;

/// <summary>
/// SIP final responses to readable causes and the Q.850 cause an ISUP gateway would give (RFC 3398
/// §8.2.6.1), so calls seen on the mirror end with the same causes as calls seen on AMI.
/// </summary>
public static class SipCauses
{
    public static (string Cause, int? Q850) FromStatus(int status) => status switch
    {
        486 or 600 => ("busy", 17),
        480 => ("no-answer", 18),
        408 => ("no-answer", 102),
        404 or 604 => ("not-found", 1),
        484 => ("address-incomplete", 28),
        403 or 603 => ("rejected", 21),
        487 => ("cancelled", 16),
        488 or 606 => ("incompatible", 58),
        502 => ("network-out-of-order", 38),
        503 => ("congestion", 34),
        504 => ("no-answer", 102),
        >= 300 and < 400 => ("redirected", 23),
        >= 500 and < 600 => ("failure", 41),
        _ => ("failure", 127),
    };

    /// <summary>The Q.850 cause of a `Reason: Q.850;cause=16;text="..."` header, if any.</summary>
    public static int? FromReasonHeader(string? reason)
    {
        if (reason is null || !reason.TrimStart().StartsWith("Q.850", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var semi = reason.IndexOf(';');
        var value = semi < 0 ? null : Sip.SipParameters.Find(reason.AsSpan(semi), "cause");
        return int.TryParse(value, out var cause) ? cause : null;
    }
}
