using NeuroActors.Actors.Persistence;
using Npgsql;

namespace NeuroActors.IntegrationTests.Support;

/// <summary>A database of a test's own: a SQLite file in a fresh temp folder, or a fresh PostgreSQL database of the run.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _postgresName;
    private readonly string? _folder;

    private TestDatabase(PersistenceSettings settings, string? postgresName, string? folder)
    {
        Settings = settings;
        _postgresName = postgresName;
        _folder = folder;
    }

    public PersistenceSettings Settings { get; }

    public string Provider => Settings.Provider == PersistenceProvider.Sqlite ? "sqlite" : "postgres";

    public static Task<TestDatabase> CreateAsync(string provider) =>
        provider == "sqlite" ? Task.FromResult(CreateSqlite()) : CreatePostgresAsync();

    public static TestDatabase CreateSqlite()
    {
        var folder = Path.Combine(Path.GetTempPath(), "neuroactors-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var settings = new PersistenceSettings(PersistenceProvider.Sqlite, $"Data Source={Path.Combine(folder, "neuroactors.db")}");
        return new TestDatabase(settings, null, folder);
    }

    /// <summary>The test command (test.sh) provides a PostgreSQL role that may create databases.</summary>
    public static string RunConnectionString =>
        Environment.GetEnvironmentVariable("NEUROACTORS_TEST_POSTGRES")
        ?? throw new InvalidOperationException("NEUROACTORS_TEST_POSTGRES is not set: run the tests with ./test.sh, which starts PostgreSQL and sets it.");

    public static async Task<TestDatabase> CreatePostgresAsync()
    {
        var run = new NpgsqlConnectionStringBuilder(RunConnectionString);
        var name = $"{run.Database}_{Guid.NewGuid():N}"[..Math.Min(63, run.Database!.Length + 33)];
        await using (var connection = new NpgsqlConnection(run.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        run.Database = name;
        return new TestDatabase(new PersistenceSettings(PersistenceProvider.Postgres, run.ConnectionString), name, null);
    }

    /// <summary>An open connection to this database, for tests that look at (or tamper with) what the node stored.</summary>
    /// <summary>The journal's database.</summary>
    public Task<System.Data.Common.DbConnection> OpenAsync() => OpenAsync(Settings.ConnectionString);

    /// <summary>The read side's tables (on SQLite a file of their own).</summary>
    public Task<System.Data.Common.DbConnection> OpenReadSideAsync() => OpenAsync(Settings.ReadSideConnectionString);

    private async Task<System.Data.Common.DbConnection> OpenAsync(string connectionString)
    {
        System.Data.Common.DbConnection connection = Settings.Provider == PersistenceProvider.Sqlite
            ? new Microsoft.Data.Sqlite.SqliteConnection(connectionString)
            : new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    public Dictionary<string, string?> Configuration() => new()
    {
        ["Persistence:Provider"] = Provider,
        ["Persistence:ConnectionString"] = Settings.ConnectionString,
    };

    public async ValueTask DisposeAsync()
    {
        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(RunConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", connection);
            // FORCE cannot end a backend of another role (an autovacuum worker on the new tables): wait for it to finish.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await command.ExecuteNonQueryAsync();
                    break;
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 20)
                {
                    await Task.Delay(500);
                }
            }
        }

        if (_folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a finalizing pool; the temp folder is cleaned by the OS.
            }
        }
    }
}
