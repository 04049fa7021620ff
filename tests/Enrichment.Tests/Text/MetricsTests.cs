using Middleware.Enrichment.Text;

namespace Middleware.Enrichment.Tests.Text;

public class MetricsTests
{
    [Fact]
    public void Accuracy_and_macro_f1_as_defined()
    {
        var m = new Metrics();
        m.Add("a", "a");
        m.Add("a", "b");
        m.Add("b", "b");
        m.Add("c", "b");
        // a: tp1 fn1 → F1 2/3; b: tp1 fp2 → 0.5; c: fn1 → 0.
        Assert.Equal(0.5, m.Accuracy, 6);
        Assert.Equal(((2.0 / 3) + 0.5 + 0) / 3, m.MacroF1, 6);
        Assert.Equal("accuracy=0.500 macro_f1=0.389 n=4", m.Summary());
    }

    [Fact]
    public void Multi_label_accuracy_is_exact_match()
    {
        var m = new Metrics();
        m.Add(["joy", "love"], ["joy", "love"]);
        m.Add(["joy"], ["joy", "love"]);
        Assert.Equal(0.5, m.Accuracy, 6);
    }
}
