using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Middleware.Enrichment.Asr.Engines.Whisper;

/// <summary>The hyper-parameters a whisper.cpp ggml file starts with, as the native loader reads them.</summary>
public sealed record GgmlHeader(
    int Vocabulary, int AudioContext, int AudioState, int AudioHeads, int AudioLayers,
    int TextContext, int TextState, int TextHeads, int TextLayers, int Mels, int FileType, int FilterMels, int FilterFft);

/// <summary>What <see cref="GgmlModelCheck"/> found: the header when the file looks like a model, else the problem and where.</summary>
/// <param name="Offset">The byte offset the problem was found at (null when it is about the whole file).</param>
public sealed record GgmlCheckResult(GgmlHeader? Header, string? Problem, long? Offset)
{
    public bool IsValid => Problem is null;

    public static GgmlCheckResult Bad(string problem, long? offset = null) => new(null, problem, offset);
}

/// <summary>
/// Checks a whisper.cpp ggml model file BEFORE Whisper.net hands it to the native library: there a
/// truncated or wrong file does not raise an error, it aborts the whole process (GGML_ASSERT). So
/// every check the loader would fail on its first bytes is done here, in managed code:
/// the file exists and is readable, starts with GGML_FILE_MAGIC 0x67676d6c written little-endian
/// ("lmgg"), has plausible hyper-parameters (the 11 int32s whisper_model_load reads next), mel
/// filters matching them, the size of at least the smallest published model, and, when configured,
/// the published SHA-256. It cannot prove every tensor is intact; the size and the hash are what
/// catch a file cut short further in.
/// </summary>
public static class GgmlModelCheck
{
    public const uint Magic = 0x67676d6c;

    /// <summary>Magic, 11 hyper-parameters, then the mel filters' n_mel and n_fft.</summary>
    public const int HeaderBytes = 4 + 11 * 4 + 2 * 4;

    /// <summary>whisper.cpp folds the quantization version into ftype as version * 1000 + type.</summary>
    private const int QuantizationVersionFactor = 1000;

    /// <summary>The file at <paramref name="path"/>: never throws, says what is wrong.</summary>
    public static GgmlCheckResult CheckFile(string path, long minimumBytes, string? expectedSha256)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return GgmlCheckResult.Bad("no model file configured (asr.whisper.model_path)");
        }

        if (Directory.Exists(path))
        {
            return GgmlCheckResult.Bad("is a directory, not a ggml model file");
        }

        if (!File.Exists(path))
        {
            return GgmlCheckResult.Bad("not found");
        }

        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            var length = file.Length;
            if (length == 0)
            {
                return GgmlCheckResult.Bad("is empty (0 bytes)");
            }

            var head = new byte[(int)Math.Min(HeaderBytes, length)];
            file.ReadExactly(head);
            var header = CheckHeader(head, length);
            if (!header.IsValid)
            {
                return header;
            }

            if (length < minimumBytes)
            {
                return GgmlCheckResult.Bad($"is {length} bytes, smaller than the smallest whisper model ({minimumBytes} bytes): truncated?");
            }

            if (!string.IsNullOrWhiteSpace(expectedSha256))
            {
                file.Position = 0;
                var actual = Convert.ToHexStringLower(SHA256.HashData(file));
                var expected = expectedSha256.Trim().ToLowerInvariant();
                if (actual != expected)
                {
                    return GgmlCheckResult.Bad($"SHA-256 is {actual}, configured asr.whisper.sha256 is {expected}");
                }
            }

            return header;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return GgmlCheckResult.Bad($"cannot be read: {ex.Message}");
        }
    }

    /// <summary>The first bytes of a file of <paramref name="fileLength"/> bytes: never throws, reports byte offsets.</summary>
    public static GgmlCheckResult CheckHeader(ReadOnlySpan<byte> bytes, long fileLength)
    {
        if (bytes.Length < 4)
        {
            return GgmlCheckResult.Bad($"is {fileLength} bytes, too short for the ggml magic", 0);
        }

        var magic = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        if (magic != Magic)
        {
            var what = magic == 0x46554747 ? " (GGUF: a llama.cpp-style file, whisper.cpp wants its ggml format)" : "";
            return GgmlCheckResult.Bad($"has magic 0x{magic:x8}, not ggml 0x{Magic:x8}{what}: not a whisper.cpp model", 0);
        }

        if (bytes.Length < HeaderBytes)
        {
            return GgmlCheckResult.Bad($"ends at byte {bytes.Length}, inside the ggml header ({HeaderBytes} bytes): truncated", bytes.Length);
        }

        var fields = new int[13];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes[(4 + i * 4)..]);
        }

        int At(int index) => fields[index];
        var header = new GgmlHeader(At(0), At(1), At(2), At(3), At(4), At(5), At(6), At(7), At(8), At(9), At(10), At(11), At(12));

        // Ranges wide enough for every published model (tiny 384 wide .. large 1280, vocab 51864..51866)
        // and for fine-tunes, narrow enough that random bytes after a lucky magic fail.
        var checks = new (string Name, int Value, int Min, int Max, int Offset)[]
        {
            ("n_vocab", header.Vocabulary, 1000, 1_000_000, 4), ("n_audio_ctx", header.AudioContext, 1, 100_000, 8),
            ("n_audio_state", header.AudioState, 64, 16_384, 12), ("n_audio_head", header.AudioHeads, 1, 256, 16),
            ("n_audio_layer", header.AudioLayers, 1, 256, 20), ("n_text_ctx", header.TextContext, 1, 100_000, 24),
            ("n_text_state", header.TextState, 64, 16_384, 28), ("n_text_head", header.TextHeads, 1, 256, 32),
            ("n_text_layer", header.TextLayers, 1, 256, 36), ("ftype", header.FileType, 0, int.MaxValue, 44),
            ("ftype type", header.FileType % QuantizationVersionFactor, 0, 64, 44), ("filters n_fft", header.FilterFft, 1, 4096, 52),
        };
        foreach (var (name, value, min, max, offset) in checks)
        {
            if (value < min || value > max)
            {
                return GgmlCheckResult.Bad($"header {name} = {value} at byte {offset}, outside {min}..{max}: not a whisper model or corrupt", offset);
            }
        }

        if (header.Mels is not (80 or 128))
        {
            return GgmlCheckResult.Bad($"header n_mels = {header.Mels} at byte 40, whisper uses 80 or 128", 40);
        }

        if (header.AudioState % header.AudioHeads != 0 || header.TextState % header.TextHeads != 0)
        {
            return GgmlCheckResult.Bad($"header state widths ({header.AudioState}, {header.TextState}) do not divide by their heads ({header.AudioHeads}, {header.TextHeads}): corrupt", 12);
        }

        if (header.FilterMels != header.Mels)
        {
            return GgmlCheckResult.Bad($"mel filters at byte 48 have n_mel = {header.FilterMels}, the header says {header.Mels}: corrupt", 48);
        }

        var filtersEnd = HeaderBytes + 4L * header.FilterMels * header.FilterFft;
        if (fileLength < filtersEnd)
        {
            return GgmlCheckResult.Bad($"ends at byte {fileLength}, inside the mel filters (to byte {filtersEnd}): truncated", fileLength);
        }

        return new GgmlCheckResult(header, null, null);
    }
}
