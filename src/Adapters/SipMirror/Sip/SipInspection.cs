namespace Middleware.Adapters.SipMirror.Sip;

/// <summary>Parse plus the deeper grammar checks: what `middleware inspect sip` runs on one message.</summary>
public static class SipInspection
{
    public static SipMessage? Inspect(ReadOnlyMemory<byte> bytes, out string? error)
    {
        var message = SipParser.Parse(bytes, out var parseError);
        if (message is null)
        {
            error = parseError!.ToString();
            return null;
        }

        error = SipValidator.Validate(message);
        return error is null ? message : null;
    }
}
