namespace Middleware.Core.Configuration;

/// <summary>Marks an option whose value must never be printed or logged.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;
