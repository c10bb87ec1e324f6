using System.Data.Common;
using Microsoft.Data.Sqlite;
using NeuroActors.Actors.Persistence;
using Npgsql;

namespace NeuroActors.Host.Configuration;

public sealed record ClusterEndpoint(string Hostname, int Port, IReadOnlyList<string> Seeds)
{
    public const string SystemName = "neuroactors";
}

/// <summary>Everything a node reads from configuration, validated before anything starts.</summary>
public sealed record NodeSettings(
    PersistenceSettings Persistence,
    ClusterEndpoint Cluster,
    string HttpUrls,
    string LogFormat,
    IReadOnlyList<string> Secrets)
{
    public static NodeSettings From(IConfiguration configuration)
    {
        var persistence = ReadPersistence(configuration);
        var cluster = ReadCluster(configuration);
        var urls = configuration["Http:Urls"] is { Length: > 0 } u ? u : "http://127.0.0.1:8080";
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
                throw new BadSettingException("Http:Urls", $"'{url}' is not an http(s) URL", "set Http:Urls to a URL such as http://127.0.0.1:8080");

        var format = (configuration["Logging:Format"] ?? "text").Trim().ToLowerInvariant();
        if (format is not ("text" or "json"))
            throw new BadSettingException("Logging:Format", $"'{format}' is not a log format", "set Logging:Format to text or json");

        return new NodeSettings(persistence, cluster, urls, format, CollectSecrets(configuration, persistence));
    }

    private static PersistenceSettings ReadPersistence(IConfiguration configuration)
    {
        var providerText = (configuration["Persistence:Provider"] ?? "sqlite").Trim();
        var provider = providerText.ToLowerInvariant() switch
        {
            "sqlite" => PersistenceProvider.Sqlite,
            "postgres" or "postgresql" => PersistenceProvider.Postgres,
            _ => throw new BadSettingException("Persistence:Provider", $"'{providerText}' is not a supported provider", "set Persistence:Provider to sqlite or postgres"),
        };
        var connectionString = configuration["Persistence:ConnectionString"];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (provider == PersistenceProvider.Postgres)
                throw new BadSettingException("Persistence:ConnectionString", "is empty while Persistence:Provider is postgres",
                    "set Persistence:ConnectionString, e.g. Host=127.0.0.1;Database=neuroactors;Username=neuro;Password=...");
            connectionString = PersistenceSettings.DefaultConnectionString;
        }

        try
        {
            DbConnectionStringBuilder parsed = provider == PersistenceProvider.Sqlite
                ? new SqliteConnectionStringBuilder(connectionString)
                : new NpgsqlConnectionStringBuilder(connectionString);
            if (provider == PersistenceProvider.Sqlite && string.IsNullOrWhiteSpace(((SqliteConnectionStringBuilder)parsed).DataSource))
                throw new ArgumentException("no Data Source");
            if (provider == PersistenceProvider.Postgres && string.IsNullOrWhiteSpace(((NpgsqlConnectionStringBuilder)parsed).Host))
                throw new ArgumentException("no Host");
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            var example = provider == PersistenceProvider.Sqlite
                ? "Data Source=data/neuroactors.db"
                : "Host=127.0.0.1;Port=5432;Database=neuroactors;Username=neuro;Password=...";
            throw new BadSettingException("Persistence:ConnectionString", $"is not a valid {providerText} connection string ({RedactReason(e.Message, connectionString)})",
                $"write it as key=value pairs separated by ';', e.g. {example}");
        }

        return new PersistenceSettings(provider, connectionString);
    }

    private static ClusterEndpoint ReadCluster(IConfiguration configuration)
    {
        var host = configuration["Cluster:Hostname"] is { Length: > 0 } h ? h : "127.0.0.1";
        var portText = configuration["Cluster:Port"];
        var port = 4053;
        if (!string.IsNullOrWhiteSpace(portText) && (!int.TryParse(portText, out port) || port is < 0 or > 65535))
            throw new BadSettingException("Cluster:Port", $"'{portText}' is not a port number", "set Cluster:Port to a number from 0 to 65535 (0 picks a free port)");

        var seeds = (configuration["Cluster:Seeds"] ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(NormalizeSeed)
            .ToArray();
        return new ClusterEndpoint(host, port, seeds);
    }

    /// <summary>Accepts "host:port" as well as a full akka.tcp address.</summary>
    private static string NormalizeSeed(string seed)
    {
        if (seed.StartsWith("akka.tcp://", StringComparison.Ordinal)) return seed;
        var colon = seed.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(seed[(colon + 1)..], out var port) || port is <= 0 or > 65535)
            throw new BadSettingException("Cluster:Seeds", $"'{seed}' is neither host:port nor an akka.tcp:// address",
                $"list seeds as host:port separated by commas, e.g. 10.0.0.5:4053 (or akka.tcp://{ClusterEndpoint.SystemName}@10.0.0.5:4053)");
        return $"akka.tcp://{ClusterEndpoint.SystemName}@{seed[..colon]}:{port}";
    }

    private static string RedactReason(string reason, string connectionString)
    {
        var password = TryGetPassword(connectionString);
        return password is { Length: > 0 } ? reason.Replace(password, "***", StringComparison.Ordinal) : reason;
    }

    private static string? TryGetPassword(string connectionString)
    {
        foreach (var part in connectionString.Split(';'))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && part[..eq].Trim().ToLowerInvariant() is "password" or "pwd") return part[(eq + 1)..].Trim();
        }

        return null;
    }

    /// <summary>Every configured secret value: the log sink blanks them wherever they might appear.</summary>
    private static string[] CollectSecrets(IConfiguration configuration, PersistenceSettings persistence)
    {
        var values = new List<string?>
        {
            configuration["Telegram:BotToken"],
            configuration["Telegram:WebhookSecret"],
            configuration["Kie:WebhookHmacKey"],
            configuration["Llm:ApiKey"],
            TryGetPassword(persistence.ConnectionString),
        };
        values.AddRange((configuration["Kie:ApiKeys"] ?? "").Split(',', StringSplitOptions.TrimEntries));
        return values.OfType<string>().Where(v => v.Length >= 4).Distinct().ToArray();
    }
}
