namespace Middleware.Adapters.SipMirror.Rtp;

/// <summary>
/// A listening-quality estimate from what the mirror can measure, per ITU-T G.107 (E-model) with
/// G.113 codec impairments: R = 93.2 − Id − Ie,eff, then R → MOS. One-way delay is estimated from
/// packetization plus a jitter buffer of twice the measured jitter (the mirror cannot see the path delay).
/// </summary>
public static class EModel
{
    public static double Mos(string? codec, double lossFraction, double jitterMs, int packetMs = 20)
    {
        var (ie, bpl) = codec?.ToUpperInvariant() switch
        {
            "PCMU" or "PCMA" => (0.0, 25.1), // G.711 with packet-loss concealment
            "G729" => (11.0, 19.0),
            "G722" => (0.0, 25.1),
            "GSM" => (20.0, 10.0),
            _ => (0.0, 25.1),
        };
        var ppl = Math.Clamp(lossFraction, 0, 1) * 100;
        var ieEff = ie + (95 - ie) * ppl / (ppl + bpl);
        var delay = packetMs + 2 * jitterMs + 10; // packetization, jitter buffer, codec/processing
        var id = 0.024 * delay + (delay > 177.3 ? 0.11 * (delay - 177.3) : 0);
        var r = Math.Clamp(93.2 - id - ieEff, 0, 100);
        var mos = 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6;
        return Math.Round(Math.Clamp(mos, 1, 4.5), 2);
    }
}
