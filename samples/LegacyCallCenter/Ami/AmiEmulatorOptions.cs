using System.Security.Cryptography.X509Certificates;

namespace Middleware.Samples.Ami;

public sealed class AmiEmulatorOptions
{
    public string Username { get; init; } = "middleware";

    public string Secret { get; init; } = "middleware-secret";

    /// <summary>AMI protocol version in the banner (Asterisk 18 says 7.0.3).</summary>
    public string Version { get; init; } = "7.0.3";

    /// <summary>0 picks a free port on 127.0.0.1.</summary>
    public int Port { get; init; }

    /// <summary>How much faster than real time the PBX clock runs.</summary>
    public double Speed { get; init; } = 1;

    /// <summary>The PBX's clock, when a test shares one with the middleware it runs (<see cref="Pbx.ScaledClock"/>); <see cref="Speed"/> is then the clock's.</summary>
    public Pbx.ScaledClock? Clock { get; init; }

    /// <summary>When set, the emulator speaks AMI over TLS (as Asterisk's tlsbindport, usually 5039).</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>Every event the PBX emits is also written here: a transcript of the session.</summary>
    public TextWriter? Transcript { get; init; }
}
