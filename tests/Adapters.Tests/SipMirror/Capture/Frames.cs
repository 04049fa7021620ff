using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Middleware.Adapters.Tests.SipMirror.Capture;

/// <summary>Builds link, IP, UDP and TCP frames byte by byte, as a capture on a mirror port holds them.</summary>
internal static class Frames
{
    public const byte Udp = 17;
    public const byte Tcp = 6;

    public static byte[] UdpSegment(IPEndPoint from, IPEndPoint to, ReadOnlySpan<byte> payload)
    {
        var udp = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(udp, (ushort)from.Port);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(2), (ushort)to.Port);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(4), (ushort)udp.Length);
        payload.CopyTo(udp.AsSpan(8));
        return udp;
    }

    /// <summary>flags: 0x02 SYN, 0x10 ACK, 0x18 PSH+ACK, 0x01 FIN.</summary>
    public static byte[] TcpSegment(IPEndPoint from, IPEndPoint to, uint seq, ReadOnlySpan<byte> payload, byte flags = 0x18)
    {
        var tcp = new byte[20 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(tcp, (ushort)from.Port);
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(2), (ushort)to.Port);
        BinaryPrimitives.WriteUInt32BigEndian(tcp.AsSpan(4), seq);
        tcp[12] = 5 << 4;
        tcp[13] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(14), 65535);
        payload.CopyTo(tcp.AsSpan(20));
        return tcp;
    }

    /// <summary>An IPv4 packet; <paramref name="offset"/> is the fragment offset in bytes (a multiple of 8).</summary>
    public static byte[] Ipv4(IPAddress source, IPAddress destination, byte protocol, ReadOnlySpan<byte> payload, ushort id = 1, int offset = 0, bool moreFragments = false)
    {
        var ip = new byte[20 + payload.Length];
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(2), (ushort)ip.Length);
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(4), id);
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(6), (ushort)((moreFragments ? 0x2000 : 0) | (offset / 8)));
        ip[8] = 64;
        ip[9] = protocol;
        source.GetAddressBytes().CopyTo(ip, 12);
        destination.GetAddressBytes().CopyTo(ip, 16);
        uint sum = 0;
        for (var i = 0; i < 20; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(ip.AsSpan(i));
        }

        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(10), (ushort)~sum);
        payload.CopyTo(ip.AsSpan(20));
        return ip;
    }

    /// <summary>An IPv6 packet, with a fragment header when <paramref name="fragment"/> is given.</summary>
    public static byte[] Ipv6(IPAddress source, IPAddress destination, byte protocol, ReadOnlySpan<byte> payload, (uint Id, int Offset, bool More)? fragment = null)
    {
        var extra = fragment is null ? 0 : 8;
        var ip = new byte[40 + extra + payload.Length];
        ip[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(4), (ushort)(extra + payload.Length));
        ip[6] = fragment is null ? protocol : (byte)44;
        ip[7] = 64;
        source.GetAddressBytes().CopyTo(ip, 8);
        destination.GetAddressBytes().CopyTo(ip, 24);
        if (fragment is { } f)
        {
            ip[40] = protocol;
            BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(42), (ushort)(f.Offset | (f.More ? 1 : 0)));
            BinaryPrimitives.WriteUInt32BigEndian(ip.AsSpan(44), f.Id);
        }

        payload.CopyTo(ip.AsSpan(40 + extra));
        return ip;
    }

    /// <summary>Splits a transport segment into IP fragments of at most <paramref name="size"/> payload bytes each (a multiple of 8).</summary>
    public static List<byte[]> Fragments(IPAddress source, IPAddress destination, byte protocol, byte[] segment, int size, uint id)
    {
        var fragments = new List<byte[]>();
        for (var offset = 0; offset < segment.Length; offset += size)
        {
            var part = segment.AsSpan(offset, Math.Min(size, segment.Length - offset));
            var more = offset + size < segment.Length;
            fragments.Add(source.AddressFamily == AddressFamily.InterNetworkV6
                ? Ipv6(source, destination, protocol, part, (id, offset, more))
                : Ipv4(source, destination, protocol, part, (ushort)id, offset, more));
        }

        return fragments;
    }

    public static byte[] Ip(IPEndPoint from, IPEndPoint to, byte protocol, byte[] segment) =>
        from.AddressFamily == AddressFamily.InterNetworkV6 ? Ipv6(from.Address, to.Address, protocol, segment) : Ipv4(from.Address, to.Address, protocol, segment);

    /// <summary>Ethernet II, optionally inside an 802.1Q tag.</summary>
    public static byte[] Ethernet(byte[] ip, ushort? vlan = null)
    {
        var tag = vlan is null ? 0 : 4;
        var frame = new byte[14 + tag + ip.Length];
        frame.AsSpan(0, 6).Fill(0x02);
        frame.AsSpan(6, 6).Fill(0x04);
        var type = (ushort)(ip[0] >> 4 == 6 ? 0x86DD : 0x0800);
        if (vlan is { } id)
        {
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x8100);
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(14), id);
        }

        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12 + tag), type);
        ip.CopyTo(frame, 14 + tag);
        return frame;
    }

    /// <summary>Linux cooked capture (what "any" interface captures hold).</summary>
    public static byte[] LinuxCooked(byte[] ip)
    {
        var frame = new byte[16 + ip.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), 1); // ARPHRD_ETHER
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(4), 6);
        frame.AsSpan(6, 6).Fill(0x04);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(14), (ushort)(ip[0] >> 4 == 6 ? 0x86DD : 0x0800));
        ip.CopyTo(frame, 16);
        return frame;
    }

    /// <summary>An RTP packet: version 2, no CSRC.</summary>
    public static byte[] Rtp(byte payloadType, ushort sequence, uint timestamp, uint ssrc, ReadOnlySpan<byte> payload, bool marker = false) =>
        Middleware.Samples.Mirror.RtpWriter.Write(payloadType, sequence, timestamp, ssrc, payload, marker);
}
