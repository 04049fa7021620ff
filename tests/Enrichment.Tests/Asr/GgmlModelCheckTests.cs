using System.Buffers.Binary;
using System.Security.Cryptography;
using Middleware.Enrichment.Asr;
using Middleware.Enrichment.Asr.Engines.Whisper;

namespace Middleware.Enrichment.Tests.Asr;

/// <summary>
/// Made-up model files, good and bad. None of the bad ones may reach the native loader (it would
/// abort the test process): each must come back as a problem naming what is wrong.
/// </summary>
public sealed class GgmlModelCheckTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ggml-check-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The header of whisper tiny (f16) as whisper.cpp's convert script writes it, mel filters zeroed, then padding.</summary>
    internal static byte[] TinyModel(int totalBytes = 200_000, Action<int[]>? edit = null)
    {
        int[] fields = [51864, 1500, 384, 6, 4, 448, 384, 6, 4, 80, 1, 80, 201];
        edit?.Invoke(fields);
        var bytes = new byte[totalBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, GgmlModelCheck.Magic);
        for (var i = 0; i < fields.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4 + i * 4), fields[i]);
        }

        return bytes;
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void A_plausible_model_passes_and_its_header_is_read()
    {
        var result = GgmlModelCheck.CheckFile(Write("ggml-tiny.bin", TinyModel()), minimumBytes: 100_000, expectedSha256: null);

        Assert.True(result.IsValid, result.Problem);
        Assert.Equal(51864, result.Header!.Vocabulary);
        Assert.Equal(80, result.Header.Mels);
        Assert.Equal(384, result.Header.AudioState);
    }

    [Fact]
    public void The_file_starts_with_ggml_magic_little_endian()
    {
        Assert.Equal("lmgg"u8.ToArray(), TinyModel()[..4]);
    }

    [Fact]
    public void A_missing_file_an_empty_file_and_a_directory_are_refused()
    {
        Assert.Equal("not found", GgmlModelCheck.CheckFile(Path.Combine(_dir, "absent.bin"), 0, null).Problem);
        Assert.Equal("is empty (0 bytes)", GgmlModelCheck.CheckFile(Write("empty.bin", []), 0, null).Problem);
        Assert.Contains("is a directory", GgmlModelCheck.CheckFile(_dir, 0, null).Problem);
        Assert.Contains("asr.whisper.model_path", GgmlModelCheck.CheckFile("", 0, null).Problem);
    }

    [Fact]
    public void Wrong_magic_is_refused_at_byte_0_and_a_gguf_file_is_named_as_such()
    {
        var wav = "RIFF\0\0\0\0WAVEfmt "u8.ToArray().Concat(new byte[200_000]).ToArray();
        var gguf = TinyModel();
        "GGUF"u8.CopyTo(gguf);

        var notModel = GgmlModelCheck.CheckFile(Write("speech.wav", wav), 0, null);
        var llama = GgmlModelCheck.CheckFile(Write("model.gguf", gguf), 0, null);

        Assert.Equal(0, notModel.Offset);
        Assert.Contains("magic 0x46464952", notModel.Problem);
        Assert.Contains("GGUF", llama.Problem);
    }

    [Fact]
    public void A_file_cut_inside_the_header_the_mel_filters_or_below_the_minimum_size_is_truncated()
    {
        var inHeader = GgmlModelCheck.CheckFile(Write("cut-header.bin", TinyModel()[..30]), 0, null);
        var inFilters = GgmlModelCheck.CheckFile(Write("cut-filters.bin", TinyModel()[..1000]), 0, null);
        var small = GgmlModelCheck.CheckFile(Write("cut-tensors.bin", TinyModel(200_000)), 16L * 1024 * 1024, null);

        Assert.Contains("inside the ggml header", inHeader.Problem);
        Assert.Equal(30, inHeader.Offset);
        Assert.Contains("inside the mel filters", inFilters.Problem);
        Assert.Contains("200000 bytes, smaller than", small.Problem);
        Assert.Contains("truncated", small.Problem);
    }

    [Theory]
    [InlineData(0, 0, "n_vocab", 4)]
    [InlineData(2, -384, "n_audio_state", 12)]
    [InlineData(9, 81, "n_mels", 40)]
    [InlineData(10, 99, "ftype", 44)]
    [InlineData(3, 5, "divide by their heads", 12)]
    [InlineData(11, 128, "mel filters", 48)]
    public void Implausible_header_values_are_refused_with_their_offset(int field, int value, string named, int offset)
    {
        var result = GgmlModelCheck.CheckHeader(TinyModel(edit: f => f[field] = value), 200_000);

        Assert.False(result.IsValid);
        Assert.Contains(named, result.Problem);
        Assert.Equal(offset, result.Offset);
    }

    [Fact]
    public void A_configured_sha256_must_match_the_whole_file()
    {
        var bytes = TinyModel();
        var path = Write("ggml-tiny.bin", bytes);
        var right = Convert.ToHexString(SHA256.HashData(bytes)); // upper case, as some sites publish it
        var wrong = new string('0', 64);

        Assert.True(GgmlModelCheck.CheckFile(path, 0, right).IsValid);
        var mismatch = GgmlModelCheck.CheckFile(path, 0, wrong);
        Assert.Contains("SHA-256 is " + right.ToLowerInvariant(), mismatch.Problem);
        Assert.Contains("configured asr.whisper.sha256 is " + wrong, mismatch.Problem);
    }

    [Fact]
    public void The_whisper_engine_refuses_a_bad_model_with_an_error_naming_the_file()
    {
        var path = Write("ggml-base.bin", TinyModel()[..1000]);

        var error = Assert.Throws<SpeechEngineUnavailableException>(() => WhisperEngine.Create(new WhisperOptions { ModelPath = path }));

        Assert.StartsWith($"Whisper model {path}: ", error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void The_whisper_engine_without_a_model_says_none_ships()
    {
        var error = Assert.Throws<SpeechEngineUnavailableException>(() => WhisperEngine.Create(new WhisperOptions()));

        Assert.Contains("asr.whisper.model_path", error.Message);
        Assert.Contains("none ships", error.Message);
    }
}
