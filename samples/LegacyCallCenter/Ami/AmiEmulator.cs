using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Middleware.Adapters.Ami.Protocol;
using Middleware.Samples.Pbx;

namespace Middleware.Samples.Ami;

/// <summary>
/// A real TCP server speaking AMI as Asterisk 18 does (banner, login with plain secret or MD5
/// challenge, event lists, OriginateResponse), backed by <see cref="PbxModel"/>. It can misbehave
/// on demand: drop sockets, cut a message in half, stall, send garbage, refuse logins, restart.
/// </summary>
public sealed partial class AmiEmulator : IAsyncDisposable
{
    private readonly AmiEmulatorOptions _options;
    private readonly List<AmiEmulatorSession> _sessions = [];
    private readonly Lock _sessionsLock = new();
    private readonly List<string> _actions = [];
    private TcpListener? _listener;
    private Task _accept = Task.CompletedTask;
    private CancellationTokenSource _stopAccepting = new();

    public AmiEmulator(AmiEmulatorOptions? options = null)
    {
        _options = options ?? new AmiEmulatorOptions();
        Version = _options.Version;
        Pbx = new PbxModel(_options.Clock ?? new ScaledClock(_options.Speed), Broadcast);
    }

    public PbxModel Pbx { get; }

    public int Port { get; private set; }

    public string Version { get; private set; }

    public string Banner => $"Asterisk Call Manager/{Version}";

    /// <summary>Refuse every login ("Authentication failed") until set back.</summary>
    public bool RefuseLogin { get; set; }

    internal OutputGate Gate { get; } = new();

    public int LoggedInSessions
    {
        get
        {
            lock (_sessionsLock)
            {
                return _sessions.Count(s => s.LoggedIn);
            }
        }
    }

    /// <summary>Every action name received, in order (tests assert Login came first).</summary>
    public IReadOnlyList<string> ActionsReceived
    {
        get
        {
            lock (_actions)
            {
                return _actions.ToList();
            }
        }
    }

    public Task StartAsync()
    {
        _listener = new TcpListener(IPAddress.Loopback, Port == 0 ? _options.Port : Port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _stopAccepting = new CancellationTokenSource();
        _accept = Task.Run(() => AcceptLoopAsync(_listener, _stopAccepting.Token));
        return Task.CompletedTask;
    }

    private async Task AcceptLoopAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => StartSessionAsync(socket), CancellationToken.None);
        }
    }

    private async Task StartSessionAsync(Socket socket)
    {
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (_options.Certificate is { } certificate)
        {
            var ssl = new SslStream(stream);
            try
            {
                await ssl.AuthenticateAsServerAsync(certificate);
            }
            catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException)
            {
                await ssl.DisposeAsync();
                return;
            }

            stream = ssl;
        }

        var session = new AmiEmulatorSession(socket, stream, this);
        lock (_sessionsLock)
        {
            _sessions.Add(session);
        }

        session.Start(Banner);
    }

    internal void Forget(AmiEmulatorSession session)
    {
        lock (_sessionsLock)
        {
            _sessions.Remove(session);
        }
    }

    private List<AmiEmulatorSession> Sessions()
    {
        lock (_sessionsLock)
        {
            return _sessions.ToList();
        }
    }

    private void Broadcast(string eventText)
    {
        _options.Transcript?.Write(eventText);
        foreach (var session in Sessions())
        {
            session.Offer(eventText);
        }
    }

    internal Task Handle(AmiEmulatorSession session, AmiMessage action)
    {
        var name = action["Action"] ?? "";
        lock (_actions)
        {
            _actions.Add(name);
        }

        if (!session.LoggedIn && !name.Equals("Login", StringComparison.OrdinalIgnoreCase) && !name.Equals("Challenge", StringComparison.OrdinalIgnoreCase))
        {
            session.Send(AmiWire.Response("Error", action.ActionId).Add("Message", "Permission denied"));
            return Task.CompletedTask;
        }

        return AnswerAction(session, name, action);
    }

    /// <summary>Starts a fluent script of raw sends and faults.</summary>
    public AmiEmulatorScript Script() => new(this);

    // ---- faults -------------------------------------------------------------------------------

    /// <summary>Cuts every connection at once (RST), like a network failure.</summary>
    public void DropAll()
    {
        foreach (var session in Sessions())
        {
            session.Abort();
        }
    }

    /// <summary>Sends the first half of an event to every session, then closes the connections (FIN).</summary>
    public async Task DropMidMessageAsync()
    {
        var text = AmiWire.Event("Newstate", "call,all").Add("Channel", "PJSIP/cut-00000000").Add("ChannelState", "6").Add("Uniqueid", "0.0").ToBytes();
        foreach (var session in Sessions())
        {
            await session.WriteRawAsync(text[..(text.Length / 2)]);
            session.CloseNow();
        }
    }

    /// <summary>Sends bytes as they are to every session (garbage, torn frames).</summary>
    public async Task SendRawAsync(byte[] bytes)
    {
        foreach (var session in Sessions())
        {
            await session.WriteRawAsync(bytes);
        }
    }

    /// <summary>Freezes: no responses, no events, until <see cref="Resume"/> (queued output then flows).</summary>
    public void Stall() => Gate.Close();

    public void Resume() => Gate.Open();

    /// <summary>The AMI port goes away (sessions cut, listener closed) while the PBX keeps running calls.</summary>
    public async Task StopListeningAsync()
    {
        await _stopAccepting.CancelAsync();
        _listener?.Stop();
        await _accept;
        DropAll();
    }

    public Task ResumeListeningAsync() => StartAsync();

    /// <summary>A PBX restart: Shutdown event, all connections and calls gone, back with a new banner.</summary>
    public async Task RestartAsync(string? newVersion = null)
    {
        Broadcast(AmiWire.Event("Shutdown", "system,all").Add("Shutdown", "Cleanly").Add("Restart", "True").Text);
        await Task.Delay(50);
        await StopListeningAsync();
        Pbx.Reset();
        Version = newVersion ?? Version;
        await StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Gate.Open();
        await StopListeningAsync();
        foreach (var session in Sessions())
        {
            await session.DisposeAsync();
        }

        _stopAccepting.Dispose();
    }

    /// <summary>Replays a recorded AMI transcript to every logged-in session, paced by its Timestamp fields.</summary>
    public async Task ReplayTranscriptAsync(string path, double speed = 1, CancellationToken cancellationToken = default)
    {
        var parser = new Adapters.Ami.Framing.AmiFrameParser(new Adapters.Ami.Framing.AmiParserOptions { ExpectBanner = false });
        var buffer = new System.Buffers.ReadOnlySequence<byte>(await File.ReadAllBytesAsync(path, cancellationToken));
        double? first = null;
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (parser.TryRead(ref buffer, out var frame))
        {
            if (frame.Message is not { IsEvent: true } message || message["Action"] is not null)
            {
                continue;
            }

            if (double.TryParse(message["Timestamp"], System.Globalization.CultureInfo.InvariantCulture, out var ts))
            {
                first ??= ts;
                var due = TimeSpan.FromSeconds((ts - first.Value) / speed) - started.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, cancellationToken);
                }
            }

            Broadcast(Encoding.UTF8.GetString(message.Raw.Span));
        }
    }
}
