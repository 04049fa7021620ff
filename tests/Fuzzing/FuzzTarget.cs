namespace Middleware.Fuzzing;

/// <summary>
/// One parser to fuzz: its seed corpus and how one input is fed to it, to the end of the input
/// (the stream-end path included). Anything <see cref="Run"/> throws is a crash, except an
/// exception the parser documents as its way of saying "the connection cannot continue"
/// (<see cref="Allowed"/>).
/// </summary>
public sealed record FuzzTarget(string Name, IReadOnlyList<byte[]> Corpus, Action<byte[]> Run, Func<Exception, bool>? Allowed = null)
{
    /// <summary>The exception this input raised that counts as a crash, or null.</summary>
    public Exception? Crash(byte[] input)
    {
        try
        {
            Run(input);
            return null;
        }
        catch (Exception ex) when (Allowed?.Invoke(ex) == true)
        {
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }
}
