namespace Middleware.Adapters.FastAgi.Server;

/// <summary>Asterisk refused a command as unknown (510) or malformed (520): a defect in the script, not the caller.</summary>
public sealed class AgiCommandException(string message) : Exception(message);
