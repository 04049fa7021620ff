using Middleware.Adapters.Ami.Protocol;

namespace Middleware.Adapters.Ami.Framing;

public enum AmiFrameKind { Banner, Message, Error }

/// <summary>One thing read off an AMI byte stream: the greeting banner, a message, or a framing error.</summary>
public readonly struct AmiFrame
{
    private AmiFrame(AmiFrameKind kind, string? banner, AmiMessage? message, AmiFramingError? error)
    {
        Kind = kind;
        Banner = banner;
        Message = message;
        Error = error;
    }

    public AmiFrameKind Kind { get; }

    /// <summary>"Asterisk Call Manager/7.0.3" for <see cref="AmiFrameKind.Banner"/>.</summary>
    public string? Banner { get; }

    public AmiMessage? Message { get; }

    public AmiFramingError? Error { get; }

    public static AmiFrame ForBanner(string banner) => new(AmiFrameKind.Banner, banner, null, null);

    public static AmiFrame ForMessage(AmiMessage message) => new(AmiFrameKind.Message, null, message, null);

    public static AmiFrame ForError(AmiFramingError error) => new(AmiFrameKind.Error, null, null, error);
}
