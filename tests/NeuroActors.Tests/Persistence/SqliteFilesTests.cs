using LinqToDB.Data;
using NeuroActors.Actors.Persistence;

namespace NeuroActors.Tests.Persistence;

public sealed class SqliteFilesTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "neuroactors-unit", Guid.NewGuid().ToString("N"));

    public SqliteFilesTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void The_journal_sharding_and_read_side_each_write_their_own_sqlite_file()
    {
        var settings = new PersistenceSettings(PersistenceProvider.Sqlite, $"Data Source={Path.Combine(_folder, "na.db")}");

        Assert.Equal(
            ["na.db", "na.sharding.db", "na.readside.db"],
            settings.SqliteConnectionStrings.Select(c => Path.GetFileName(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(c).DataSource)));
    }

    [Fact]
    public void On_postgresql_everything_is_one_database()
    {
        var settings = new PersistenceSettings(PersistenceProvider.Postgres, "Host=db;Database=na;Username=na;Password=secret");

        Assert.Equal(settings.ConnectionString, settings.ReadSideConnectionString);
        Assert.Equal(settings.ConnectionString, settings.ShardingConnectionString);
        Assert.Empty(settings.SqliteConnectionStrings);
    }

    [Theory]
    [InlineData("akka.persistence.journal.sql", "na.db")]
    [InlineData("akka.persistence.snapshot-store.sql", "na.db")]
    [InlineData("akka.persistence.query.journal.sql", "na.db")]
    [InlineData(PersistenceWiring.ShardingJournal, "na.sharding.db")]
    [InlineData(PersistenceWiring.ShardingSnapshots, "na.sharding.db")]
    public void Every_persistence_plugin_opens_its_file_with_synchronous_normal(string pluginId, string file)
    {
        var settings = new PersistenceSettings(PersistenceProvider.Sqlite, $"Data Source={Path.Combine(_folder, "na.db")}");
        Assert.True(PersistenceWiring.SqliteConnectionSetup(settings).TryGetDataOptionsFor(pluginId, out var options));

        using var connection = new DataConnection(options!);
        using var command = connection.OpenDbConnection().CreateCommand();
        command.CommandText = "PRAGMA synchronous; ";
        Assert.Equal(1L, command.ExecuteScalar()); // NORMAL (FULL is 2)
        Assert.Equal(file, Path.GetFileName(connection.OpenDbConnection().DataSource));
    }
}
