using System.Data.Common;
using Dapper;

namespace Middleware.Core.Journal;

/// <summary>Brings a store's schema up to date at start; the applied versions are recorded in the store.</summary>
public static class SchemaMigrator
{
    public static async Task<IReadOnlyList<Migration>> ApplyAsync(DbConnection connection, IReadOnlyList<Migration> migrations, CancellationToken cancellationToken = default)
    {
        await connection.ExecuteAsync(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)")
            .ConfigureAwait(false);
        var applied = (await connection.QueryAsync<int>("SELECT version FROM schema_migrations").ConfigureAwait(false)).ToHashSet();
        var done = new List<Migration>();
        foreach (var migration in migrations.OrderBy(m => m.Version))
        {
            if (applied.Contains(migration.Version))
            {
                continue;
            }

            await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(migration.Sql, transaction: tx).ConfigureAwait(false);
            await connection.ExecuteAsync(
                "INSERT INTO schema_migrations (version, description, applied_at) VALUES (@Version, @Description, @AppliedAt)",
                new { migration.Version, migration.Description, AppliedAt = DateTimeOffset.UtcNow.ToString("O") },
                tx).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            done.Add(migration);
        }

        return done;
    }
}
