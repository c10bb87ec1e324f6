using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace NeuroActors.Benchmarks;

/// <summary>
/// A fresh database for one run: a SQLite file in a temporary folder, or (<c>--pg</c>) a database of its own on the
/// PostgreSQL server named by <c>--pg-connection</c> or NEUROACTORS_TEST_POSTGRES, dropped afterwards.
/// </summary>
internal sealed class BenchmarkDatabase : IAsyncDisposable
{
    private readonly string? _folder;
    private readonly string? _adminConnection;
    private readonly string? _databaseName;

    private BenchmarkDatabase(string provider, string connectionString, string? folder, string? adminConnection, string? databaseName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _folder = folder;
        _adminConnection = adminConnection;
        _databaseName = databaseName;
    }

    public string Provider { get; }

    public string ConnectionString { get; }

    public string Description => Provider == "postgres" ? $"PostgreSQL ({_databaseName})" : "SQLite (WAL)";

    public static async Task<BenchmarkDatabase> CreateAsync(IReadOnlyList<string> arguments, string name)
    {
        if (!BenchmarkKit.Flag(arguments, "pg"))
        {
            var folder = Path.Combine(Path.GetTempPath(), "neuroactors-benchmark", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            return new BenchmarkDatabase("sqlite", $"Data Source={Path.Combine(folder, "neuroactors.db")}", folder, null, null);
        }

        var admin = BenchmarkKit.Option(arguments, "pg-connection", Environment.GetEnvironmentVariable("NEUROACTORS_TEST_POSTGRES"))
            ?? throw new InvalidOperationException("--pg needs --pg-connection \"Host=...;Database=...;Username=...;Password=...\" or NEUROACTORS_TEST_POSTGRES.");
        var database = $"na_bench_{name}_{DateTime.UtcNow:yyyyMMddHHmmss}_{Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture)}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = connection.CreateCommand();
            create.CommandText = $"CREATE DATABASE \"{database}\"";
            await create.ExecuteNonQueryAsync();
        }

        var own = new NpgsqlConnectionStringBuilder(admin) { Database = database, Pooling = true }.ConnectionString;
        return new BenchmarkDatabase("postgres", own, null, admin, database);
    }

    private DbConnection Open() => Provider == "postgres"
        ? new NpgsqlConnection(ConnectionString)
        : new SqliteConnection(ConnectionString + ";Mode=ReadOnly");

    /// <summary>Rows written to the journal so far (its highest ordering number; 0 before the table exists).</summary>
    public async Task<long> JournalRowsAsync()
    {
        try
        {
            await using var connection = Open();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COALESCE(MAX(ordering), 0) FROM journal";
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }
        catch (DbException)
        {
            return 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        if (_folder is not null)
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a finalizing pool; the temp folder is cleaned by the OS.
            }
        }

        if (_adminConnection is not null)
        {
            await using var connection = new NpgsqlConnection(_adminConnection);
            await connection.OpenAsync();
            await using var drop = connection.CreateCommand();
            drop.CommandText = $"DROP DATABASE IF EXISTS \"{_databaseName}\" WITH (FORCE)";
            await drop.ExecuteNonQueryAsync();
        }
    }
}
