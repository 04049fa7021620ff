using Npgsql;

namespace Middleware.TestSupport;

/// <summary>The real PostgreSQL server scripts/test.sh starts (MW_TEST_POSTGRES), one fresh database per caller.</summary>
public static class TestPostgres
{
    public static string Server => Environment.GetEnvironmentVariable("MW_TEST_POSTGRES")
        ?? throw new InvalidOperationException("PostgreSQL tests need MW_TEST_POSTGRES (a connection string); ./scripts/test.sh starts a server and sets it");

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> FreshDatabaseAsync()
    {
        var name = "mw_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(Server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(Server) { Database = name }.ConnectionString;
    }
}
