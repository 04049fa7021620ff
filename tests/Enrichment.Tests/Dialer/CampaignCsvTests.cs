using Middleware.Core.Numbers;
using Middleware.Enrichment.Dialer.Campaigns;

namespace Middleware.Enrichment.Tests.Dialer;

public class CampaignCsvTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Theory]
    [InlineData("13800138000", "+8613800138000")]
    [InlineData("+86 138 0013 8000", "+8613800138000")]
    [InlineData("0086-138-0013-8000", "+8613800138000")]
    [InlineData("010-12345678", "+861012345678")]
    [InlineData("0755 8765 4321", "+8675587654321")]
    [InlineData("(0571) 8888888", "+865718888888")]
    [InlineData("+14155550123", "+14155550123")]
    [InlineData("+442071234567", "+442071234567")]
    public void Numbers_in_E164_and_CN_mobile_and_landline_forms_become_E164(string raw, string expected)
    {
        Assert.True(DialNumber.TryNormalize(raw, out var e164, out var error), error);
        Assert.Equal(expected, e164);
    }

    [Theory]
    [InlineData("12345", "neither a CN mobile")]
    [InlineData("23800138000", "neither a CN mobile")]
    [InlineData("+0123456789", "not E.164")]
    [InlineData("+1234567890123456", "not E.164")]
    [InlineData("0755-8765432a", "characters a phone number cannot have")]
    [InlineData("", "empty")]
    public void Numbers_that_are_neither_are_refused_with_the_reason(string raw, string reason)
    {
        Assert.False(DialNumber.TryNormalize(raw, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_rows_are_reported_by_line_and_the_rest_imported_without_do_not_call_numbers()
    {
        var csv = """
            number,id,name,time_zone
            13800138000,c1,王芳,Asia/Shanghai
            12345,c2,short,Asia/Shanghai
            "+1 415 555 0123",c3,"Smith, John",America/Los_Angeles
            13900139001,c4,on the list,
            13800138000,c5,again,
            13700137002,c1,same id,
            13600136003,c6,nowhere,Mars/Olympus
            ,c7,no number,
            """;
        var import = CampaignCsv.Read(new StringReader(csv), Shanghai, new PhoneNumberSet(["+86 139 0013 9001"]));

        Assert.Equal(["c1", "c3"], import.Contacts.Select(c => c.Id));
        Assert.Equal("Smith, John", import.Contacts[1].Name);
        Assert.Equal("America/Los_Angeles", import.Contacts[1].TimeZone.Id);
        Assert.Equal(1, import.DoNotCall);
        Assert.Equal([3, 6, 7, 8, 9], import.Errors.Select(e => e.Line));
        Assert.Contains("already in the campaign", import.Errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("id 'c1' already used", import.Errors[2].Message, StringComparison.Ordinal);
        Assert.Contains("unknown time zone 'Mars/Olympus'", import.Errors[3].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_without_number_is_refused_at_line_1()
    {
        var import = CampaignCsv.Read(new StringReader("id,phone\nc1,13800138000\n"), Shanghai);

        Assert.Empty(import.Contacts);
        Assert.Equal("line 1: the header needs 'id' and 'number' columns (has: id, phone)", Assert.Single(import.Errors).ToString());
    }

    [Fact]
    public void The_shipped_sample_campaign_imports_with_its_five_bad_rows_reported()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "campaigns", "spring-renewals-campaign.csv");
        using var reader = File.OpenText(path);

        var import = CampaignCsv.Read(reader, Shanghai);

        Assert.Equal(5, import.Errors.Count);
        Assert.True(import.Contacts.Count > 3900);
    }
}
