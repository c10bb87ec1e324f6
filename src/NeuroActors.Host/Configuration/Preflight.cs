using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using NeuroActors.Actors.Persistence;
using NeuroActors.Domain.Configuration;
using Npgsql;

namespace NeuroActors.Host.Configuration;

/// <summary>
/// Checks made before the actor system starts, so that a wrong setting stops the node at once with one clear line
/// instead of a journal that retries for 30 s behind an Ask timeout.
/// </summary>
public static class Preflight
{
    public static void Run(NodeSettings settings)
    {
        CheckDatabase(settings.Persistence);
        CheckRemotingPort(settings.Cluster);
    }

    public static void CheckDatabase(PersistenceSettings settings)
    {
        if (settings.Provider == PersistenceProvider.Sqlite) PrepareSqlite(settings);
        else CheckPostgres(settings);
    }

    /// <summary>Creates the directory and the files, and switches them to WAL so readers never block the journal writer.</summary>
    private static void PrepareSqlite(PersistenceSettings settings)
    {
        foreach (var connectionString in settings.SqliteConnectionStrings)
        {
            var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
            try
            {
                var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
                if (!dataSource.Contains("memory", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(directory))
                    Directory.CreateDirectory(directory);
                using var connection = settings.OpenConnection(connectionString);
                using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA journal_mode=WAL;";
                command.ExecuteNonQuery();
            }
            catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
            {
                throw new BadSettingException("Persistence:ConnectionString", $"the SQLite file '{dataSource}' cannot be opened or created ({e.Message})",
                    "point Data Source at a writable path, e.g. Data Source=data/neuroactors.db");
            }
        }
    }

    private static void CheckPostgres(PersistenceSettings settings)
    {
        var builder = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
        var target = $"{builder.Host}:{builder.Port}/{builder.Database}";
        // A short timeout: an unreachable server must fail the start in seconds.
        builder.Timeout = Math.Min(builder.Timeout, 5);
        try
        {
            using var connection = settings.OpenConnection(builder.ConnectionString);
        }
        catch (PostgresException e) when (e.SqlState is "28P01" or "28000")
        {
            throw new BadSettingException("Persistence:ConnectionString", $"PostgreSQL at {target} refused the login of user '{builder.Username}' ({e.SqlState})",
                "check Username and Password in Persistence:ConnectionString, or the server's pg_hba.conf");
        }
        catch (PostgresException e) when (e.SqlState == "3D000")
        {
            throw new BadSettingException("Persistence:ConnectionString", $"PostgreSQL at {target} has no database '{builder.Database}'",
                $"create it (CREATE DATABASE \"{builder.Database}\") or set Database= in Persistence:ConnectionString");
        }
        catch (PostgresException e)
        {
            throw new BadSettingException("Persistence:ConnectionString", $"PostgreSQL at {target} refused the connection ({e.SqlState}: {e.MessageText})",
                "check the server and the connection string");
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException or InvalidOperationException)
        {
            throw new BadSettingException("Persistence:ConnectionString", $"PostgreSQL at {target} cannot be reached ({FirstLine(e)})",
                "start the server or correct Host and Port in Persistence:ConnectionString");
        }
    }

    /// <summary>A taken remoting port would otherwise surface as an actor-system start failure deep in the host.</summary>
    private static void CheckRemotingPort(ClusterEndpoint cluster)
    {
        if (cluster.Port == 0) return;
        var address = IPAddress.TryParse(cluster.Hostname, out var ip) ? ip : IPAddress.Any;
        try
        {
            using var listener = new TcpListener(address, cluster.Port);
            listener.Start();
            listener.Stop();
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new BadSettingException("Cluster:Port", $"port {cluster.Port} on {cluster.Hostname} is already in use",
                "stop the process that holds it or set Cluster:Port to a free port (0 picks one)");
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressNotAvailable)
        {
            throw new BadSettingException("Cluster:Hostname", $"'{cluster.Hostname}' is not an address of this machine",
                "set Cluster:Hostname to one of this machine's addresses, e.g. 127.0.0.1");
        }
    }

    public static string FirstLine(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null && inner.Message.Contains("see inner", StringComparison.OrdinalIgnoreCase)) inner = inner.InnerException;
        return inner.Message.Split('\n')[0].Trim();
    }
}
