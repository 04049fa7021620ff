using Middleware.Core.Configuration;

namespace Middleware.Core.Journal;

public enum JournalProvider { Sqlite, Postgres }

public enum JournalDurability
{
    /// <summary>fsync at every commit: a committed event survives power loss.</summary>
    Full,

    /// <summary>WAL without fsync per commit: survives a process crash, may lose the last commits on power loss.</summary>
    Normal,
}

public sealed class JournalOptions
{
    public JournalProvider Provider { get; set; } = JournalProvider.Sqlite;

    /// <summary>SQLite file path.</summary>
    public string Path { get; set; } = "data/journal.db";

    /// <summary>PostgreSQL connection string.</summary>
    [Configuration.Secret]
    public string? ConnectionString { get; set; }

    public JournalDurability Durability { get; set; } = JournalDurability.Full;

    /// <summary>Most events written in one commit (group commit).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100_000)]
    public int MaxBatch { get; set; } = 2048;

    /// <summary>Refuse appends (loudly: error events, health unready) rather than grow the SQLite file past this.</summary>
    public long? MaxSizeMegabytes { get; set; }

    /// <summary>A private copy for the component it configures (<see cref="OptionsCopy"/>).</summary>
    public JournalOptions Clone() => OptionsCopy.Of(this);
}
