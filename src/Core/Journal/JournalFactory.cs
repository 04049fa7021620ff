namespace Middleware.Core.Journal;

public static class JournalFactory
{
    public static async Task<IEventJournal> OpenAsync(JournalOptions options, TimeProvider? time = null, CancellationToken cancellationToken = default) =>
        options.Provider switch
        {
            JournalProvider.Sqlite => await SqliteJournal.OpenAsync(options, time, cancellationToken).ConfigureAwait(false),
            JournalProvider.Postgres => await PostgresJournal.OpenAsync(options, time, cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Provider, "unknown journal provider"),
        };
}
