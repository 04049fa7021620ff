using System.Text;

namespace Middleware.Samples.Ami;

/// <summary>
/// A fluent script of what the emulated PBX does next, for protocol and fault tests (the idea of
/// Npgsql's PgServerMock): <c>await pbx.Script().Send(text).Pause(ms).Garbage(bytes).CutMidMessage().RunAsync()</c>.
/// Steps run in order against every connected session.
/// </summary>
public sealed class AmiEmulatorScript(AmiEmulator emulator)
{
    private readonly List<Func<Task>> _steps = [];

    /// <summary>Raw AMI text, sent as is (write a message's blank line yourself, or leave it out on purpose).</summary>
    public AmiEmulatorScript Send(string text) => Step(() => emulator.SendRawAsync(Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n"))));

    /// <summary>An event built field by field.</summary>
    public AmiEmulatorScript Event(string name, params (string Key, string Value)[] fields)
    {
        var wire = AmiWire.Event(name, "call,all");
        foreach (var (key, value) in fields)
        {
            wire.Add(key, value);
        }

        return Step(() => emulator.SendRawAsync(wire.ToBytes()));
    }

    public AmiEmulatorScript Garbage(byte[] bytes) => Step(() => emulator.SendRawAsync(bytes));

    public AmiEmulatorScript Pause(int milliseconds) => Step(() => Task.Delay(milliseconds));

    public AmiEmulatorScript Stall() => Step(() =>
    {
        emulator.Stall();
        return Task.CompletedTask;
    });

    public AmiEmulatorScript Resume() => Step(() =>
    {
        emulator.Resume();
        return Task.CompletedTask;
    });

    public AmiEmulatorScript CutMidMessage() => Step(emulator.DropMidMessageAsync);

    public AmiEmulatorScript DropConnections() => Step(() =>
    {
        emulator.DropAll();
        return Task.CompletedTask;
    });

    public AmiEmulatorScript Restart(string? newVersion = null) => Step(() => emulator.RestartAsync(newVersion));

    public async Task RunAsync()
    {
        foreach (var step in _steps)
        {
            await step();
        }
    }

    private AmiEmulatorScript Step(Func<Task> step)
    {
        _steps.Add(step);
        return this;
    }
}
