using System.Buffers.Binary;

namespace Middleware.Core.Journal;

/// <summary>
/// Reads a SQLite WAL file the way SQLite's recovery will (https://sqlite.org/fileformat2.html#walformat):
/// frames are valid while their salts and running checksum match, and only frames up to the last
/// commit frame survive. Used to report what a crash cut, before SQLite silently discards it.
/// </summary>
internal static class WalInspector
{
    private const int HeaderSize = 32;
    private const int FrameHeaderSize = 24;

    /// <summary>Null when there is no WAL or it is empty (the last close was clean).</summary>
    public static WalInspection? Inspect(string walPath)
    {
        var info = new FileInfo(walPath);
        if (!info.Exists || info.Length == 0)
        {
            return null;
        }

        var bytes = File.ReadAllBytes(walPath);
        if (bytes.Length < HeaderSize)
        {
            return new WalInspection(bytes.Length, 0, 0, 0, bytes.Length, "WAL header truncated");
        }

        var magic = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        if (magic is not (0x377f0682 or 0x377f0683))
        {
            return new WalInspection(bytes.Length, 0, 0, 0, bytes.Length, $"bad WAL magic 0x{magic:x8}");
        }

        var bigEndian = (magic & 1) == 1;
        var pageSize = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(8));
        if (pageSize == 1)
        {
            pageSize = 65536;
        }

        var salt1 = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(16));
        var salt2 = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(20));
        uint s0 = 0, s1 = 0;
        Checksum(bytes.AsSpan(0, 24), bigEndian, ref s0, ref s1);
        if (s0 != BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(24)) || s1 != BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(28)))
        {
            return new WalInspection(bytes.Length, pageSize, 0, 0, bytes.Length - HeaderSize, "WAL header checksum mismatch");
        }

        var frameSize = FrameHeaderSize + pageSize;
        var offset = HeaderSize;
        var validFrames = 0;
        var committedFrames = 0;
        long committedEnd = HeaderSize;
        string? problem = null;
        long staleBytes = 0;
        while (true)
        {
            if (offset + frameSize > bytes.Length)
            {
                if (offset < bytes.Length)
                {
                    problem = $"torn frame: {bytes.Length - offset} of {frameSize} bytes";
                }

                break;
            }

            var frame = bytes.AsSpan(offset, frameSize);
            var frameSalt1 = BinaryPrimitives.ReadUInt32BigEndian(frame[8..]);
            if (frameSalt1 != salt1 || BinaryPrimitives.ReadUInt32BigEndian(frame[12..]) != salt2)
            {
                // Each WAL restart increments salt-1: an older salt marks frames already checkpointed
                // before the restart (harmless); anything else is bytes that never formed a frame.
                if ((bytes.Length - offset) % frameSize == 0 && unchecked(salt1 - frameSalt1) is > 0 and < 1_000_000)
                {
                    staleBytes = bytes.Length - offset;
                }
                else
                {
                    problem = "bytes after the last valid frame are not a WAL frame";
                }

                break;
            }

            Checksum(frame[..8], bigEndian, ref s0, ref s1);
            Checksum(frame[FrameHeaderSize..], bigEndian, ref s0, ref s1);
            if (s0 != BinaryPrimitives.ReadUInt32BigEndian(frame[16..]) || s1 != BinaryPrimitives.ReadUInt32BigEndian(frame[20..]))
            {
                problem = $"checksum mismatch in frame {validFrames + 1}";
                break;
            }

            validFrames++;
            offset += frameSize;
            if (BinaryPrimitives.ReadUInt32BigEndian(frame[4..]) != 0)
            {
                committedFrames = validFrames;
                committedEnd = offset;
            }
        }

        return new WalInspection(bytes.Length, pageSize, committedFrames, validFrames - committedFrames, bytes.Length - staleBytes - committedEnd, problem);
    }

    private static void Checksum(ReadOnlySpan<byte> data, bool bigEndian, ref uint s0, ref uint s1)
    {
        for (var i = 0; i + 8 <= data.Length; i += 8)
        {
            var x0 = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(data[i..]) : BinaryPrimitives.ReadUInt32LittleEndian(data[i..]);
            var x1 = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(data[(i + 4)..]) : BinaryPrimitives.ReadUInt32LittleEndian(data[(i + 4)..]);
            unchecked
            {
                s0 += x0 + s1;
                s1 += x1 + s0;
            }
        }
    }
}
