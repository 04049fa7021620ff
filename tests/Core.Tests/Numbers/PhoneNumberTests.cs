using Middleware.Core.Numbers;

namespace Middleware.Core.Tests.Numbers;

public class PhoneNumberTests
{
    [Theory]
    [InlineData("13800138000", "+86 138-0013-8000", true)]
    [InlineData("13800138000", "008613800138000", true)]
    [InlineData("(415) 555-0123", "+1 415 555 0123", true)]
    [InlineData("1001", "1001", true)]
    [InlineData("1001", "21001", false)]
    [InlineData("13800138000", "13800138001", false)]
    [InlineData("", "13800138000", false)]
    [InlineData(null, null, false)]
    [InlineData("<unknown>", "<unknown>", false)]
    public void Numbers_match_whatever_their_formatting(string? a, string? b, bool same)
    {
        Assert.Equal(same, PhoneNumber.Same(a, b));
        Assert.Equal(same, PhoneNumber.Same(b, a));
    }

    [Fact]
    public void A_set_matches_callers_in_any_format()
    {
        var vips = new PhoneNumberSet(["+86 138 0013 8000", "1009"]);
        Assert.True(vips.Contains("13800138000"));
        Assert.True(vips.Contains("1009"));
        Assert.False(vips.Contains("21009"));
        Assert.False(vips.Contains(null));
    }
}
