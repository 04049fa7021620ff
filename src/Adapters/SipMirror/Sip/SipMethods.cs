namespace Middleware.Adapters.SipMirror.Sip;

/// <summary>Method names, interned so the common ones cost no allocation per message.</summary>
public static class SipMethods
{
    public const string Invite = "INVITE";
    public const string Ack = "ACK";
    public const string Bye = "BYE";
    public const string Cancel = "CANCEL";
    public const string Options = "OPTIONS";
    public const string Register = "REGISTER";
    public const string Prack = "PRACK";
    public const string Update = "UPDATE";
    public const string Refer = "REFER";
    public const string Notify = "NOTIFY";
    public const string Subscribe = "SUBSCRIBE";
    public const string Info = "INFO";
    public const string Message = "MESSAGE";
    public const string Publish = "PUBLISH";

    private static readonly string[] Known = [Invite, Ack, Bye, Cancel, Options, Register, Prack, Update, Refer, Notify, Subscribe, Info, Message, Publish];

    /// <summary>The interned name when it is a known method (case-sensitive, as RFC 3261 says), else a new string.</summary>
    public static string Intern(ReadOnlySpan<byte> token)
    {
        foreach (var known in Known)
        {
            if (known.Length == token.Length && System.Text.Ascii.Equals(token, known))
            {
                return known;
            }
        }

        return System.Text.Encoding.UTF8.GetString(token);
    }
}
