namespace Middleware.Enrichment.Privacy;

/// <summary>
/// One digit as it was written or spoken: "6", "６", "六", "幺", "six", or one of the two fives of
/// "double five". <see cref="Start"/>..<see cref="End"/> is the text it came from (both fives of
/// "double five" cover the whole phrase).
/// </summary>
/// <param name="Digit">'0'..'9', or 'X' (the check character a resident ID may end with).</param>
/// <param name="JoinsPrevious">Written together with the previous digit (a run of numerals, the second half of "double five",
/// "twenty-seven"): a number may not start or end between the two.</param>
/// <param name="Weak">"o"/"oh": a zero only between other digits ("one oh five"), a word otherwise ("oh, I see").</param>
internal readonly record struct DigitToken(char Digit, int Start, int End, bool JoinsPrevious, bool Weak = false);
