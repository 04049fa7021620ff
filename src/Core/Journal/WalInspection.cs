namespace Middleware.Core.Journal;

/// <summary>What a WAL file held when the journal was opened.</summary>
/// <param name="CommittedFrames">Frames up to and including the last valid commit frame: SQLite keeps these.</param>
/// <param name="DiscardedFrames">Whole frames after the last commit (an unfinished transaction).</param>
/// <param name="DiscardedBytes">Bytes after the last commit frame, including a torn partial frame or garbage.</param>
public sealed record WalInspection(long WalBytes, int PageSize, int CommittedFrames, int DiscardedFrames, long DiscardedBytes, string? Problem);
