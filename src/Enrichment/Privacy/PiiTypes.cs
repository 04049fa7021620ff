namespace Middleware.Enrichment.Privacy;

/// <summary>The kinds of personal data the redactor finds; each is replaced by its placeholder, e.g. <c>[CARD]</c>.</summary>
public static class PiiTypes
{
    public const string Card = "CARD";
    public const string ChineseId = "CN_ID";
    public const string Cvv = "CVV";
    public const string Expiry = "EXPIRY";
    public const string Phone = "PHONE";
    public const string Email = "EMAIL";

    public static readonly IReadOnlyList<string> All = [Card, ChineseId, Cvv, Expiry, Phone, Email];

    public static string Placeholder(string type) => type switch
    {
        Card => "[CARD]",
        ChineseId => "[CN_ID]",
        Cvv => "[CVV]",
        Expiry => "[EXPIRY]",
        Phone => "[PHONE]",
        Email => "[EMAIL]",
        _ => "[" + type + "]",
    };
}
