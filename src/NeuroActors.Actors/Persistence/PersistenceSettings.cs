using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace NeuroActors.Actors.Persistence;

public enum PersistenceProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Where the journal, snapshots and sharding state live (Persistence:Provider, Persistence:ConnectionString).</summary>
public sealed record PersistenceSettings(PersistenceProvider Provider, string ConnectionString)
{
    public const string DefaultConnectionString = "Data Source=data/neuroactors.db";

    /// <summary>linq2db's provider name for Akka.Persistence.Sql.</summary>
    public string LinqToDbProvider => Provider == PersistenceProvider.Sqlite ? "SQLite.MS" : "PostgreSQL.15";

    /// <summary>
    /// Sharding's remembered entities: on SQLite a file of their own beside the main one (one writer per file keeps
    /// SQLite's locking out of the way); on PostgreSQL the same database with their own tables.
    /// </summary>
    public string ShardingConnectionString => SiblingFile("sharding");

    /// <summary>
    /// The read side's tables: on SQLite a file of their own beside the main one, so the projection's writes never
    /// hold the lock the journal's writer waits for (a writer that finds the file locked sleeps before it tries again);
    /// on PostgreSQL the same database.
    /// </summary>
    public string ReadSideConnectionString => SiblingFile("readside");

    /// <summary>Every SQLite file the node writes (empty on PostgreSQL).</summary>
    public IReadOnlyList<string> SqliteConnectionStrings =>
        Provider == PersistenceProvider.Sqlite ? new[] { ConnectionString, ShardingConnectionString, ReadSideConnectionString }.Distinct().ToArray() : [];

    private string SiblingFile(string purpose)
    {
        if (Provider == PersistenceProvider.Postgres) return ConnectionString;
        var builder = new SqliteConnectionStringBuilder(ConnectionString);
        if (builder.Mode == SqliteOpenMode.Memory || builder.DataSource.Contains("mode=memory", StringComparison.OrdinalIgnoreCase))
            return ConnectionString;
        builder.DataSource = Path.ChangeExtension(builder.DataSource, null) + "." + purpose + (Path.GetExtension(builder.DataSource) is { Length: > 0 } ext ? ext : ".db");
        return builder.ConnectionString;
    }

    /// <summary>
    /// Run on every SQLite connection the node opens. In WAL mode <c>synchronous=NORMAL</c> loses no committed
    /// transaction when the process dies (kill -9, a crash): only an operating-system crash or a power cut can undo the
    /// last commits. FULL (the library's default) waits for the disk on every commit, which every user's reply waited for.
    /// </summary>
    public const string SqliteConnectionPragmas = "PRAGMA synchronous=NORMAL;";

    /// <summary>The connection string with its password replaced, for log lines.</summary>
    public string Redacted => Redact(ConnectionString);

    public static string Redact(string connectionString)
    {
        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
            foreach (var key in new[] { "Password", "Pwd" })
                if (builder.ContainsKey(key)) builder[key] = "***";
            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return "(unparseable connection string)";
        }
    }

    public DbConnection OpenConnection(string? connectionString = null)
    {
        DbConnection connection = Provider == PersistenceProvider.Sqlite
            ? new SqliteConnection(connectionString ?? ConnectionString)
            : new NpgsqlConnection(connectionString ?? ConnectionString);
        connection.Open();
        return connection;
    }
}
