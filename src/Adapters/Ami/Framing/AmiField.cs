namespace Middleware.Adapters.Ami.Framing;

/// <summary>Where one key's value sits inside a message's bytes; the key itself is an interned string.</summary>
internal readonly record struct AmiField(string Key, int ValueStart, int ValueLength);
