namespace Middleware.Core.Journal;

/// <summary>The journal could not make an event durable; the caller still owns it and must not drop it silently.</summary>
public sealed class JournalAppendException(string message, Exception? inner = null) : Exception(message, inner);
