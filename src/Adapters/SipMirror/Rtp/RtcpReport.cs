using System.Buffers.Binary;

namespace Middleware.Adapters.SipMirror.Rtp;

/// <summary>One report block of an RTCP SR or RR (RFC 3550 §6.4): how the reporter is receiving the source it names.</summary>
public readonly record struct RtcpReport(uint ReporterSsrc, uint SourceSsrc, double FractionLost, int CumulativeLost, uint Jitter)
{
    /// <summary>Every report block in a (compound) RTCP packet; malformed parts end the walk, never throw.</summary>
    public static List<RtcpReport> ParseAll(ReadOnlySpan<byte> packet)
    {
        var reports = new List<RtcpReport>();
        while (packet.Length >= 8 && packet[0] >> 6 == 2)
        {
            var length = (BinaryPrimitives.ReadUInt16BigEndian(packet[2..]) + 1) * 4;
            if (length > packet.Length)
            {
                break;
            }

            var type = packet[1];
            var count = packet[0] & 0x1F;
            var reporter = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
            var blocks = type switch { 200 => 28, 201 => 8, _ => -1 }; // SR has 20 bytes of sender info first
            if (blocks > 0)
            {
                for (var i = 0; i < count && blocks + (i + 1) * 24 <= length; i++)
                {
                    var block = packet.Slice(blocks + i * 24, 24);
                    var lost = (block[5] << 16) | (block[6] << 8) | block[7];
                    if ((lost & 0x800000) != 0)
                    {
                        lost -= 0x1000000; // 24-bit signed
                    }

                    reports.Add(new RtcpReport(reporter, BinaryPrimitives.ReadUInt32BigEndian(block), block[4] / 256.0, lost, BinaryPrimitives.ReadUInt32BigEndian(block[12..])));
                }
            }

            packet = packet[length..];
        }

        return reports;
    }
}
