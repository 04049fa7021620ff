using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Middleware.Enrichment.Text;

/// <summary>
/// The on-disk form of a <see cref="TextClassifier"/>: the magic "MWTXTCL1", the header as UTF-8
/// JSON (readable with `head -c`), then a Brotli (RFC 7932) body: feature hashes as delta
/// varints, idf and weights as IEEE 754 half floats (3 significant digits are plenty for margins
/// that are compared, not accumulated over long sums), biases as floats. Little-endian throughout.
/// </summary>
public static class ModelFile
{
    private static readonly byte[] Magic = "MWTXTCL1"u8.ToArray();

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static void Save(TextClassifier model, string path)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        // Format 2 = format 1 plus the network after the biases; a network-less model stays format 1.
        var header = JsonSerializer.SerializeToUtf8Bytes(model.Header with { Format = model.Network is null ? 1 : 2, Network = model.Network is null ? null : model.Header.Network }, Json);
        using var file = File.Create(path);
        file.Write(Magic);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, header.Length);
        file.Write(length);
        file.Write(header);
        using var body = new BrotliStream(file, CompressionLevel.SmallestSize);
        using var writer = new BinaryWriter(body, Encoding.UTF8);
        var space = model.Space;
        writer.Write(space.Count);
        writer.Write(model.Columns);
        var previous = 0UL;
        foreach (var hash in space.Hashes)
        {
            Write7Bit(writer, hash - previous);
            previous = hash;
        }

        foreach (var idf in space.Idf)
        {
            writer.Write((Half)idf);
        }

        foreach (var w in model.Weights)
        {
            writer.Write((Half)w);
        }

        foreach (var b in model.Bias)
        {
            writer.Write(b);
        }

        if (model.Network is { } network)
        {
            NetworkBody.Write(writer, network);
        }
    }

    /// <exception cref="ModelFileException">The file is missing, truncated, or not a model of this format.</exception>
    public static TextClassifier Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelFileException(path, "not found");
        }

        try
        {
            using var file = File.OpenRead(path);
            Span<byte> magic = stackalloc byte[8];
            if (file.ReadAtLeast(magic, 8, throwOnEndOfStream: false) != 8 || !magic.SequenceEqual(Magic))
            {
                throw new ModelFileException(path, "not a text classifier model (the first 8 bytes are not MWTXTCL1)");
            }

            Span<byte> length = stackalloc byte[4];
            file.ReadExactly(length);
            var headerLength = BinaryPrimitives.ReadInt32LittleEndian(length);
            if (headerLength <= 0 || headerLength > 1 << 24 || headerLength > file.Length - 12)
            {
                throw new ModelFileException(path, $"header length {headerLength} at byte 8 is impossible for a file of {file.Length} bytes");
            }

            var headerBytes = new byte[headerLength];
            file.ReadExactly(headerBytes);
            var header = JsonSerializer.Deserialize<ClassifierHeader>(headerBytes, Json)
                ?? throw new ModelFileException(path, "header at byte 12 is JSON null");
            Validate(path, header);
            using var body = new BrotliStream(file, CompressionMode.Decompress);
            using var reader = new BinaryReader(body, Encoding.UTF8);
            var features = reader.ReadInt32();
            var columns = reader.ReadInt32();
            var expected = header.Mode == LabelMode.Binary ? 1 : header.Labels.Count;
            if (features < 0 || features > 50_000_000 || columns != expected)
            {
                throw new ModelFileException(path, $"body says {features} features × {columns} columns; the header's {header.Labels.Count} labels need {expected} columns");
            }

            var hashes = new ulong[features];
            var previous = 0UL;
            for (var i = 0; i < features; i++)
            {
                previous += Read7Bit(reader);
                hashes[i] = previous;
            }

            var idf = new float[features];
            for (var i = 0; i < features; i++)
            {
                idf[i] = (float)reader.ReadHalf();
            }

            var weights = new float[(long)features * columns];
            for (long i = 0; i < weights.LongLength; i++)
            {
                weights[i] = (float)reader.ReadHalf();
            }

            var bias = new float[columns];
            for (var i = 0; i < columns; i++)
            {
                bias[i] = reader.ReadSingle();
            }

            var space = new FeatureSpace(new TextFeaturizer(header.Featurizer), hashes, idf);
            var network = header.Network is { } shape ? NetworkBody.Read(reader, features, shape.Hidden, header.Labels.Count) : null;
            return new TextClassifier(header, space, weights, bias, network);
        }
        catch (ModelFileException)
        {
            throw;
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or InvalidDataException or IOException or InvalidOperationException or ArgumentException)
        {
            throw new ModelFileException(path, $"corrupt or truncated ({e.GetType().Name}: {e.Message})", e);
        }
    }

    /// <summary>The header alone (for `--help`-style listings and docs), without reading the weights.</summary>
    public static ClassifierHeader ReadHeader(string path) => Load(path).Header;

    private static void Validate(string path, ClassifierHeader header)
    {
        if (header.Format is not (1 or 2))
        {
            throw new ModelFileException(path, $"format {header.Format} is not understood by this build (formats 1 and 2)");
        }

        if ((header.Format == 2) != (header.Network is not null) || header.Network is { Hidden: < 1 or > 1024 } || header.Network is { Weight: < 0 or > 1 })
        {
            throw new ModelFileException(path, $"format {header.Format} with {(header.Network is null ? "no network" : $"a network of {header.Network.Hidden} hidden units, weight {header.Network.Weight}")}: format 2 needs a network of 1-1024 hidden units and a weight in 0..1, format 1 none");
        }

        if (header.Labels.Count < 2)
        {
            throw new ModelFileException(path, $"header lists {header.Labels.Count} label(s); a classifier needs two or more");
        }

        if (header.Mode == LabelMode.MultiLabel && header.Thresholds?.Count != header.Labels.Count)
        {
            throw new ModelFileException(path, "multi-label model without one threshold per label");
        }

        var f = header.Featurizer;
        if (f.CharMin < 1 || f.CharMax < f.CharMin || f.CharMax > 8 || f.WordMax is < 0 or > 3 || f.MaxChars < 1)
        {
            throw new ModelFileException(path, $"featurizer settings out of range (chars {f.CharMin}..{f.CharMax}, words ≤ {f.WordMax}, max chars {f.MaxChars})");
        }
    }

    internal static void Write7Bit(BinaryWriter writer, ulong value)
    {
        while (value >= 0x80)
        {
            writer.Write((byte)(value | 0x80));
            value >>= 7;
        }

        writer.Write((byte)value);
    }

    internal static ulong Read7Bit(BinaryReader reader)
    {
        var result = 0UL;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = reader.ReadByte();
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new InvalidDataException("varint longer than 10 bytes");
    }
}
