using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Adapters.Ami.Client;
using Middleware.Adapters.Ami.Protocol;
using Middleware.Samples.Ami;
using Middleware.Samples.Pbx;
using Middleware.TestSupport;

namespace Middleware.Adapters.Tests.Ami.Client;

public sealed class AmiConnectionTests : IAsyncLifetime
{
    private readonly List<AmiMessage> _events = [];
    private AmiEmulator _pbx = null!;

    public async Task InitializeAsync()
    {
        _pbx = new AmiEmulator(new AmiEmulatorOptions { Speed = 50 });
        await _pbx.StartAsync();
    }

    public async Task DisposeAsync() => await _pbx.DisposeAsync();

    private AmiConnectionSettings Settings(Func<IReadOnlyList<AmiMessage>, ValueTask>? onEvents = null) => new(
        "test", onEvents ?? (batch =>
        {
            lock (_events)
            {
                _events.AddRange(batch);
            }

            return ValueTask.CompletedTask;
        }), TimeProvider.System, NullLogger.Instance);

    private async Task<AmiConnection> ConnectAsync(AmiAuth auth = AmiAuth.Md5, Func<IReadOnlyList<AmiMessage>, ValueTask>? onEvents = null, AmiTlsOptions? tls = null)
    {
        var connection = await AmiConnection.ConnectAsync("127.0.0.1", _pbx.Port, tls ?? new AmiTlsOptions(), Settings(onEvents), TimeSpan.FromSeconds(5), CancellationToken.None);
        var options = AmiHarness.Options(_pbx.Port);
        options.Auth = auth;
        await AmiLogin.LoginAsync(connection, options, CancellationToken.None);
        return connection;
    }

    [Theory]
    [InlineData(AmiAuth.Md5)]
    [InlineData(AmiAuth.Plain)]
    public async Task Logs_in_and_reads_the_banner(AmiAuth auth)
    {
        await using var connection = await ConnectAsync(auth);

        Assert.Equal("Asterisk Call Manager/7.0.3", connection.Banner);
        Assert.Equal(auth == AmiAuth.Md5 ? ["Challenge", "Login"] : ["Login"], _pbx.ActionsReceived);
    }

    [Fact]
    public async Task A_refused_login_says_so()
    {
        _pbx.RefuseLogin = true;
        var ex = await Assert.ThrowsAsync<AmiLoginRefusedException>(() => ConnectAsync());
        Assert.Contains("Authentication failed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Many_actions_in_flight_each_get_their_own_answer()
    {
        await using var connection = await ConnectAsync();
        var channel = PbxCall.Inbound(_pbx.Pbx, "13800138000", "王芳", "400").Caller;
        var sets = Enumerable.Range(0, 200).Select(i => connection.SendAsync(
            new AmiAction("Setvar").Add("Channel", channel.Name).Add("Variable", "V" + i).Add("Value", i.ToString()), TimeSpan.FromSeconds(10)));
        await Task.WhenAll(sets);

        var gets = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => connection.SendAsync(
            new AmiAction("Getvar").Add("Channel", channel.Name).Add("Variable", "V" + i), TimeSpan.FromSeconds(10))));

        Assert.Equal(Enumerable.Range(0, 200).Select(i => i.ToString()), gets.Select(g => g["Value"]));
        Assert.Equal(400, gets.Select(g => g.Message.ActionId).Concat((await Task.WhenAll(sets)).Select(s => s.Message.ActionId)).Distinct().Count());
    }

    [Fact]
    public async Task An_event_list_is_gathered_into_one_result()
    {
        await using var connection = await ConnectAsync();
        PbxCall.Inbound(_pbx.Pbx, "1", "a", "400");
        PbxCall.Inbound(_pbx.Pbx, "2", "b", "400");

        var list = await connection.SendEventListAsync(new AmiAction("CoreShowChannels"), TimeSpan.FromSeconds(5));

        Assert.True(list.IsSuccess);
        Assert.Equal(2, list.Events.Count);
        Assert.All(list.Events, e => Assert.Equal("CoreShowChannel", e.Event));
        lock (_events)
        {
            Assert.DoesNotContain(_events, e => e.Event is "CoreShowChannel" or "CoreShowChannelsComplete");
        }
    }

    [Fact]
    public async Task An_unanswered_action_times_out_and_a_later_one_still_works()
    {
        await using var connection = await ConnectAsync();
        _pbx.Stall();
        var ex = await Assert.ThrowsAsync<TimeoutException>(() => connection.SendAsync(new AmiAction("Ping"), TimeSpan.FromMilliseconds(200)));
        Assert.Contains("Ping", ex.Message, StringComparison.Ordinal);

        _pbx.Resume();
        var pong = await connection.SendAsync(new AmiAction("Ping"), TimeSpan.FromSeconds(5));
        Assert.Equal("Pong", pong["Ping"]);
    }

    [Fact]
    public async Task A_cancelled_action_stops_waiting()
    {
        await using var connection = await ConnectAsync();
        _pbx.Stall();
        using var cts = new CancellationTokenSource(100);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connection.SendAsync(new AmiAction("Ping"), TimeSpan.FromMinutes(1), cts.Token));
        _pbx.Resume();
    }

    [Fact]
    public async Task A_line_break_in_a_value_is_refused_before_anything_is_sent()
    {
        var ex = Assert.Throws<ArgumentException>(() => new AmiAction("Setvar").Add("Value", "x\r\nAction: Hangup"));
        Assert.Contains("injection", ex.Message, StringComparison.Ordinal);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task A_throwing_event_handler_does_not_touch_the_connection()
    {
        var delivered = 0;
        await using var connection = await ConnectAsync(onEvents: batch =>
        {
            Interlocked.Add(ref delivered, batch.Count);
            throw new InvalidOperationException("handler bug");
        });
        PbxCall.Inbound(_pbx.Pbx, "1", "a", "400");
        await Eventually.True(() => delivered >= 3, "events to reach the handler");

        var pong = await connection.SendAsync(new AmiAction("Ping"), TimeSpan.FromSeconds(5));
        Assert.True(pong.IsSuccess);
        Assert.False(connection.Closed.IsCompleted);
    }

    [Fact]
    public async Task The_peer_closing_fails_waiting_actions_with_the_reason()
    {
        var connection = await ConnectAsync();
        _pbx.Stall();
        var waiting = connection.SendAsync(new AmiAction("Ping"), TimeSpan.FromMinutes(1));
        _pbx.DropAll();
        var lost = await Assert.ThrowsAsync<AmiConnectionLostException>(() => waiting);
        var reason = await connection.Closed;
        Assert.Matches("reset|closed", reason); // RST or FIN, as the kernel reports the cut
        Assert.Contains(reason, lost.Message, StringComparison.Ordinal);
        _pbx.Resume();
        await connection.DisposeAsync();
    }

    [Fact]
    public async Task An_originate_answered_queued_fails_at_once_when_the_session_drops_before_its_originate_response()
    {
        // A slow PBX clock: the dialled phone rings 3 virtual seconds = 30 real ones, so the OriginateResponse is far off.
        await using var slow = new AmiEmulator(new AmiEmulatorOptions { Speed = 0.1 });
        await slow.StartAsync();
        await using var connection = await AmiConnection.ConnectAsync("127.0.0.1", slow.Port, new AmiTlsOptions(), Settings(), TimeSpan.FromSeconds(5), CancellationToken.None);
        await AmiLogin.LoginAsync(connection, AmiHarness.Options(slow.Port), CancellationToken.None);

        var originate = new AmiAction("Originate").Add("Channel", "PJSIP/1001").Add("Context", "from-internal").Add("Exten", "200").Add("Priority", "1").Add("Async", "true");
        var waiting = connection.SendAndAwaitEventAsync(originate, "OriginateResponse", TimeSpan.FromMinutes(5));
        // The session answers in order: once the Ping is answered, the Originate's "queued" answer has come too.
        Assert.Equal("Pong", (await connection.SendAsync(new AmiAction("Ping"), TimeSpan.FromSeconds(30)))["Ping"]);
        Assert.False(waiting.IsCompleted);

        slow.DropAll();

        // Without failing the event wait on the cut it would wait its 5 minutes; the guard only stops a hang.
        await Assert.ThrowsAsync<AmiConnectionLostException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task Tls_with_a_pinned_certificate_connects_and_an_unpinned_self_signed_one_is_refused()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=pbx.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pfx), null);
        await using var tlsPbx = new AmiEmulator(new AmiEmulatorOptions { Certificate = certificate });
        await tlsPbx.StartAsync();
        var pin = Convert.ToHexString(SHA256.HashData(certificate.RawData));

        await using (var pinned = await AmiConnection.ConnectAsync("127.0.0.1", tlsPbx.Port, new AmiTlsOptions { Enabled = true, ServerName = "pbx.test", PinSha256 = pin }, Settings(), TimeSpan.FromSeconds(5), CancellationToken.None))
        {
            Assert.Equal("Asterisk Call Manager/7.0.3", pinned.Banner);
        }

        await Assert.ThrowsAnyAsync<Exception>(() => AmiConnection.ConnectAsync("127.0.0.1", tlsPbx.Port, new AmiTlsOptions { Enabled = true, ServerName = "pbx.test" }, Settings(), TimeSpan.FromSeconds(5), CancellationToken.None));
    }
}
