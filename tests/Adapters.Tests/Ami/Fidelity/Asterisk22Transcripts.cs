using System.Buffers;
using Middleware.Adapters.Ami.Framing;
using Middleware.Adapters.Ami.Normalization;
using Middleware.Adapters.Ami.Protocol;

namespace Middleware.Adapters.Tests.Ami.Fidelity;

/// <summary>
/// The byte transcripts under Ami/Transcripts/asterisk22-*.txt: AMI as Asterisk 22 sends it for
/// the cases issue 17 found the emulator and the normalizer wrong about, read as the source reads
/// a socket (the frame parser over the raw bytes) and normalized.
/// </summary>
internal static class Asterisk22Transcripts
{
    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Ami", "Transcripts", name));

    public static List<AmiMessage> Messages(byte[] bytes)
    {
        var parser = new AmiFrameParser(new AmiParserOptions { ExpectBanner = false });
        var buffer = new ReadOnlySequence<byte>(bytes);
        var list = new List<AmiMessage>();
        while (parser.TryRead(ref buffer, out var frame))
        {
            if (frame.Message is { } message)
            {
                list.Add(message);
            }
        }

        return list;
    }

    public static List<NormalizedEvent> Normalize(byte[] bytes, AmiNormalizer? normalizer = null)
    {
        normalizer ??= new AmiNormalizer(["from-trunk"]);
        var output = new List<NormalizedEvent>();
        foreach (var m in Messages(bytes))
        {
            normalizer.Normalize(m, DateTimeOffset.UnixEpoch, output);
        }

        return output;
    }

    public static List<NormalizedEvent> Normalize(string transcript) => Normalize(Bytes(transcript));
}
