using Middleware.Adapters.SipMirror.Rtp;

namespace Middleware.Adapters.Tests.SipMirror.Rtp;

/// <summary>The E-model (ITU-T G.107, simplified) MOS: what a listener would say, ordered as they would order it.</summary>
public sealed class EModelTests
{
    [Fact]
    public void A_clean_g711_call_rates_about_4_4()
    {
        Assert.InRange(EModel.Mos("PCMU", 0, 1), 4.3, 4.5);
        Assert.InRange(EModel.Mos("PCMA", 0, 1), 4.3, 4.5);
    }

    [Fact]
    public void Loss_and_jitter_lower_the_score_in_order()
    {
        var scores = new[] { EModel.Mos("PCMU", 0, 5), EModel.Mos("PCMU", 0.01, 5), EModel.Mos("PCMU", 0.05, 5), EModel.Mos("PCMU", 0.2, 5) };
        Assert.Equal(scores.OrderDescending(), scores);
        Assert.True(EModel.Mos("PCMU", 0.01, 80) < EModel.Mos("PCMU", 0.01, 5));
        Assert.InRange(EModel.Mos("PCMU", 0.2, 100), 1.0, 2.5);
        Assert.InRange(EModel.Mos("PCMU", 1.0, 500), 1.0, 1.0);
    }
}
