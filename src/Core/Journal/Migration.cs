namespace Middleware.Core.Journal;

/// <summary>One schema step; applied once, in version order, inside a transaction.</summary>
public sealed record Migration(int Version, string Description, string Sql);
