namespace Middleware.Samples.Mirror;

/// <summary>
/// A short conversation of the demo: the caller's words, then the agent's answer, as recorded by
/// Mirror/Dialogues/make-dialogues.sh (flite voices, telephone band, G.711 µ-law at 8 kHz), embedded in
/// this assembly. Keyed by the caller's number in Mirror/Dialogues/dialogues.tsv.
/// </summary>
public sealed class Dialogue(byte[] caller, byte[] agent)
{
    public const byte MuLawSilence = 0xFF; // G.711 µ-law code for 0 (ITU-T G.711 table 2)

    public double CallerSeconds => caller.Length / 8000.0;

    public double AgentSeconds => agent.Length / 8000.0;

    /// <summary>The dialogues shipped, by caller number.</summary>
    public static IReadOnlyDictionary<string, Dialogue> Shipped { get; } = Load();

    /// <summary>
    /// One direction's audio over the whole conversation: the caller speaks first; the agent is silent
    /// until the caller's words and a gap are over, then answers.
    /// </summary>
    internal byte[] Track(Core.Events.Speaker speaker, TimeSpan gap)
    {
        var gapSamples = (int)(gap.TotalSeconds * 8000);
        var total = caller.Length + gapSamples + agent.Length + gapSamples;
        var track = Enumerable.Repeat(MuLawSilence, total).ToArray();
        if (speaker == Core.Events.Speaker.Caller)
        {
            caller.CopyTo(track, 0);
        }
        else
        {
            agent.CopyTo(track, caller.Length + gapSamples);
        }

        return track;
    }

    private static Dictionary<string, Dialogue> Load()
    {
        var assembly = typeof(Dialogue).Assembly;
        byte[]? Read(string name)
        {
            using var stream = assembly.GetManifestResourceStream("dialogues/" + name);
            if (stream is null)
            {
                return null;
            }

            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }

        var dialogues = new Dictionary<string, Dialogue>(StringComparer.Ordinal);
        foreach (var number in assembly.GetManifestResourceNames().Where(n => n.StartsWith("dialogues/", StringComparison.Ordinal) && n.EndsWith("-caller.ul", StringComparison.Ordinal))
                     .Select(n => n["dialogues/".Length..^"-caller.ul".Length]))
        {
            if (Read(number + "-caller.ul") is { } c && Read(number + "-agent.ul") is { } a)
            {
                dialogues[number] = new Dialogue(c, a);
            }
        }

        return dialogues;
    }
}
