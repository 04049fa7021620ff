using System.Text;

namespace Middleware.Benchmarks.Ami;

/// <summary>The recorded Asterisk 18 morning, repeated to at least the asked number of events: a realistic mix.</summary>
internal static class AmiTranscript
{
    public static byte[] Load(int minEvents)
    {
        var one = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "transcripts", "asterisk18-demo-morning.txt"));
        var perCopy = one.Split("\r\n\r\n", StringSplitOptions.RemoveEmptyEntries).Length;
        var copies = (minEvents + perCopy - 1) / perCopy;
        return Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(one, copies)));
    }

    public static int CountEvents(byte[] stream) => Encoding.UTF8.GetString(stream).Split("\r\n\r\n", StringSplitOptions.RemoveEmptyEntries).Length;
}
