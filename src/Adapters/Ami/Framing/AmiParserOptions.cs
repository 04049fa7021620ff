namespace Middleware.Adapters.Ami.Framing;

public sealed class AmiParserOptions
{
    /// <summary>The first line of a connection is Asterisk's banner, not a message.</summary>
    public bool ExpectBanner { get; init; } = true;

    /// <summary>A message that grows past this without ending is reported and skipped to its end.</summary>
    public int MaxMessageBytes { get; init; } = 1024 * 1024;
}
