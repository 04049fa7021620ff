using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Adapters.Ami.Client;
using Middleware.Core.Events;
using Middleware.Samples.Ami;
using Middleware.Samples.Pbx;
using Middleware.TestSupport;
using static Middleware.Adapters.Tests.Ami.Fidelity.Asterisk22Transcripts;

namespace Middleware.Adapters.Tests.Ami.Client;

public sealed class AmiSessionRecorderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task A_recording_is_the_sessions_bytes_after_login_and_replays_to_the_calls_played()
    {
        await using var pbx = new AmiEmulator(new AmiEmulatorOptions { Speed = 50 });
        await pbx.StartAsync();
        var file = _dir.File("session.ami");
        using var stop = new CancellationTokenSource();
        Task<(long Bytes, string Ended)> recording;
        await using (var output = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.Read))
        {
            recording = AmiSessionRecorder.RecordAsync(AmiHarness.Options(pbx.Port), output, TimeProvider.System, NullLogger.Instance, stop.Token);
            await Eventually.True(() => pbx.LoggedInSessions > 0 || recording.IsCompleted, "the recorder to log in");
            var call = PbxCall.Inbound(pbx.Pbx, "13800138000", "Zhang Wei", "4008001234");
            call.Hangup(byCaller: true);
            await Eventually.True(() => Encoding.UTF8.GetString(File.ReadAllBytes(file)).Contains("Event: Hangup", StringComparison.Ordinal), "the hangup recorded");
            stop.Cancel();
            var (bytes, ended) = await recording;
            Assert.Equal("stopped", ended);
            Assert.Equal(new FileInfo(file).Length, bytes);
        }

        var text = Encoding.UTF8.GetString(File.ReadAllBytes(file));
        Assert.StartsWith("Event: FullyBooted\r\n", text, StringComparison.Ordinal); // what followed the Login response, nothing before it
        Assert.DoesNotContain("Authentication accepted", text, StringComparison.Ordinal);
        Assert.DoesNotContain("middleware-secret", text, StringComparison.Ordinal);
        var events = Normalize(File.ReadAllBytes(file));
        Assert.Equal("13800138000", Assert.Single(events.Select(e => e.Payload).OfType<CallStarted>()).CallerNumber);
        Assert.Single(events, e => e.Payload is CallEnded);
    }

    [Fact]
    public async Task A_refused_login_records_nothing()
    {
        await using var pbx = new AmiEmulator(new AmiEmulatorOptions { Speed = 50 }) { RefuseLogin = true };
        await pbx.StartAsync();
        using var output = new MemoryStream();

        await Assert.ThrowsAsync<AmiLoginRefusedException>(() => AmiSessionRecorder.RecordAsync(AmiHarness.Options(pbx.Port), output, TimeProvider.System, NullLogger.Instance, CancellationToken.None));
        Assert.Equal(0, output.Length);
    }

    public void Dispose() => _dir.Dispose();
}
