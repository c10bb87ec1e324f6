using Akka.Configuration;
using Akka.Hosting;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;
using LinqToDB;
using LinqToDB.Data;
using NeuroActors.Actors.Hosting;

namespace NeuroActors.Actors.Persistence;

public static class PersistenceWiring
{
    public const string ShardingJournal = "akka.persistence.journal.sharding";
    public const string ShardingSnapshots = "akka.persistence.snapshot-store.sharding";

    /// <summary>The journal, snapshot store, query plugin and sharding store of hocon/persistence.conf, pointed at the configured database.</summary>
    public static AkkaConfigurationBuilder WithNeuroPersistence(this AkkaConfigurationBuilder builder, PersistenceSettings settings)
    {
        var app = Quote(settings.ConnectionString);
        var sharding = Quote(settings.ShardingConnectionString);
        var provider = Quote(settings.LinqToDbProvider);
        var connections = $$"""
            akka.persistence {
              journal.sql { connection-string = {{app}}, provider-name = {{provider}} }
              journal.sharding { connection-string = {{sharding}}, provider-name = {{provider}} }
              snapshot-store.sql { connection-string = {{app}}, provider-name = {{provider}} }
              snapshot-store.sharding { connection-string = {{sharding}}, provider-name = {{provider}} }
              query.journal.sql { connection-string = {{app}}, provider-name = {{provider}} }
            }
            """;
        if (settings.Provider == PersistenceProvider.Sqlite)
        {
            // SQLite takes one writer at a time: parallel journal writers only collide on its lock, and the loser's
            // retry sleeps (Microsoft.Data.Sqlite waits and tries again), which a user feels as a slow reply.
            // One writer with larger batches keeps every write a single short transaction.
            // Reads (an actor's recovery: its snapshot, then its events) must not take that lock at all: with the
            // plugin's default isolation Microsoft.Data.Sqlite opens every transaction with BEGIN IMMEDIATE, the write
            // lock, so each recovering actor stalled the journal writer and slept on it. "read-uncommitted" makes it a
            // deferred BEGIN, which in WAL mode reads the last commit without any lock (without a shared cache SQLite
            // still reads only committed data).
            connections += """

                akka.persistence.journal.sql { parallelism = 1, batch-size = 400, read-isolation-level = read-uncommitted }
                akka.persistence.journal.sharding { parallelism = 1, read-isolation-level = read-uncommitted }
                akka.persistence.snapshot-store.sql.read-isolation-level = read-uncommitted
                akka.persistence.snapshot-store.sharding.read-isolation-level = read-uncommitted
                akka.persistence.query.journal.sql.read-isolation-level = read-uncommitted
                akka.persistence.journal.sharding.plugin-id = "akka.persistence.journal.sharding"
                akka.persistence.snapshot-store.sharding.plugin-id = "akka.persistence.snapshot-store.sharding"
                """;
        }

        var layout = ConfigurationFactory.ParseString(connections).WithFallback(HoconResources.Load("persistence.conf"));
        if (settings.Provider == PersistenceProvider.Sqlite)
            builder.AddSetup(SqliteConnectionSetup(settings));
        return builder
            .AddHocon(layout, HoconAddMode.Prepend)
            .AddHocon(SqlPersistence.DefaultConfiguration, HoconAddMode.Append)
            .AddHocon(SqlPersistence.DefaultJournalConfiguration.MoveTo(ShardingJournal), HoconAddMode.Append)
            .AddHocon(SqlPersistence.DefaultSnapshotConfiguration.MoveTo(ShardingSnapshots), HoconAddMode.Append);
    }

    /// <summary>
    /// The plugins' linq2db options on SQLite: the same files and provider as in HOCON, plus
    /// <see cref="PersistenceSettings.SqliteConnectionPragmas"/> on every connection they open (a connection string
    /// cannot set a pragma).
    /// </summary>
    public static MultiDataOptionsSetup SqliteConnectionSetup(PersistenceSettings settings)
    {
        var setup = new MultiDataOptionsSetup();
        foreach (var (pluginId, connectionString) in new[]
                 {
                     ("akka.persistence.journal.sql", settings.ConnectionString),
                     ("akka.persistence.snapshot-store.sql", settings.ConnectionString),
                     ("akka.persistence.query.journal.sql", settings.ConnectionString),
                     (ShardingJournal, settings.ShardingConnectionString),
                     (ShardingSnapshots, settings.ShardingConnectionString),
                 })
        {
            setup.AddDataOptions(pluginId, new DataOptions()
                .UseConnectionString(settings.LinqToDbProvider, connectionString)
                .UseAfterConnectionOpened(SetPragmas, SetPragmasAsync));
        }

        return setup;
    }

    private static void SetPragmas(System.Data.Common.DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = PersistenceSettings.SqliteConnectionPragmas;
        command.ExecuteNonQuery();
    }

    private static async Task SetPragmasAsync(System.Data.Common.DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = PersistenceSettings.SqliteConnectionPragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>HOCON-quotes a value: connection strings hold '=', ';' and sometimes backslashes.</summary>
    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
