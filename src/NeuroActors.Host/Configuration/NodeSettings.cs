using System.Data.Common;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using NeuroActors.Actors.Outbox;
using NeuroActors.Actors.Persistence;
using NeuroActors.Domain.Configuration;
using NeuroActors.Host.Logging;
using NeuroActors.Telegram;
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
    IReadOnlyList<string> Secrets,
    TelegramSettings Telegram,
    OutboxSettings Outbox,
    SandboxSettings? Sandbox)
{
    /// <summary>No <c>Telegram:BotToken</c>: the node hosts the Bot API sandbox and the simulated KIE and LLM itself.</summary>
    public bool IsSandbox => Sandbox is not null;

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
        CheckLogLevel(configuration, "Logging:Level");
        foreach (var source in configuration.GetSection("Logging:Levels").GetChildren()) CheckLogLevel(configuration, "Logging:Levels:" + source.Key);

        var sandbox = configuration["Telegram:BotToken"] is { Length: > 0 } ? null : SandboxSettings.FromHttpUrls(urls);
        var telegram = ReadTelegram(configuration, sandbox);
        return new NodeSettings(persistence, cluster, urls, format, CollectSecrets(configuration, persistence), telegram, ReadOutbox(configuration), sandbox);
    }

    /// <summary>
    /// <c>Telegram:BulkPerSecond</c>: the cluster's budget for messages nobody just asked for (Telegram allows about 30 a
    /// second); <c>Telegram:ChatPerSecond</c> and <c>Telegram:ChatBurst</c>: each chat's pace (Telegram: about 1 a second).
    /// </summary>
    private static OutboxSettings ReadOutbox(IConfiguration configuration)
    {
        var reader = new SettingReader(key => configuration[key]);
        var bulk = reader.Whole("Telegram:BulkPerSecond", 1,
            "set Telegram:BulkPerSecond to a whole number of messages a second, 1 to 1000, e.g. 25 (Telegram's bulk limit is about 30)", maximum: 1000);
        var chat = reader.Whole("Telegram:ChatPerSecond", 1,
            "set Telegram:ChatPerSecond to a whole number of messages a second per chat, 1 to 1000; keep 1 against Telegram, whose per-chat limit is about 1 a second", maximum: 1000);
        var burst = reader.Whole("Telegram:ChatBurst", 1,
            "set Telegram:ChatBurst to a whole number of messages a chat may get at once, 1 to 1000, e.g. 3", maximum: 1000);
        return new OutboxSettings(
            bulk ?? OutboxSettings.DefaultBulkPerSecond,
            chat ?? OutboxSettings.DefaultChatPerSecond,
            burst ?? OutboxSettings.DefaultChatBurst);
    }

    public const string DefaultTelegramApiBaseUrl = "https://api.telegram.org";
    public const string WebhookPath = "/telegram/webhook";

    /// <summary>The <c>Telegram</c> section. In sandbox mode the token, the API base and (webhook mode) URL and secret default to the sandbox's.</summary>
    private static TelegramSettings ReadTelegram(IConfiguration configuration, SandboxSettings? sandbox)
    {
        var token = configuration["Telegram:BotToken"]?.Trim();
        if (sandbox is not null) token = SandboxSettings.BotToken;
        else if (!LooksLikeBotToken(token!))
            throw new BadSettingException("Telegram:BotToken", "is not a bot token (expected digits, a colon and the secret part)",
                "copy the token @BotFather gave, e.g. 123456789:AA..., or remove it to run in sandbox mode");

        var apiBase = configuration["Telegram:ApiBaseUrl"]?.Trim();
        if (string.IsNullOrEmpty(apiBase)) apiBase = sandbox?.Origin.ToString().TrimEnd('/') ?? DefaultTelegramApiBaseUrl;
        else if (!IsHttpUrl(apiBase))
            throw new BadSettingException("Telegram:ApiBaseUrl", $"'{apiBase}' is not an absolute http(s) URL",
                $"set it to the Bot API server's origin, e.g. {DefaultTelegramApiBaseUrl} or http://127.0.0.1:8081 for a local Bot API server");

        var modeText = (configuration["Telegram:Mode"] ?? "polling").Trim();
        var mode = modeText.ToLowerInvariant();
        if (mode is not ("polling" or "webhook"))
            throw new BadSettingException("Telegram:Mode", $"'{modeText}' is not a mode", "set Telegram:Mode to polling or webhook");

        var secret = configuration["Telegram:WebhookSecret"];
        if (!string.IsNullOrEmpty(secret) && !IsValidWebhookSecret(secret))
            throw new BadSettingException("Telegram:WebhookSecret", "has characters Telegram refuses or a wrong length",
                "use 1 to 256 characters from A-Z a-z 0-9 _ - (e.g. a random hex string)");
        var webhookUrl = configuration["Telegram:WebhookUrl"]?.Trim();
        if (!string.IsNullOrEmpty(webhookUrl) && !IsHttpUrl(webhookUrl))
            throw new BadSettingException("Telegram:WebhookUrl", $"'{webhookUrl}' is not an absolute http(s) URL",
                $"set it to the public URL that reaches {WebhookPath} on the nodes, e.g. https://bot.example.com{WebhookPath}");

        if (mode == "webhook")
        {
            if (sandbox is not null)
            {
                // The in-process sandbox delivers to this node; a secret of our own keeps the endpoint checked all the same.
                if (string.IsNullOrEmpty(webhookUrl)) webhookUrl = new Uri(sandbox.Origin, WebhookPath).ToString();
                if (string.IsNullOrEmpty(secret)) secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            }
            else if (string.IsNullOrEmpty(webhookUrl))
            {
                throw new BadSettingException("Telegram:WebhookUrl", "is empty while Telegram:Mode is webhook",
                    $"set it to the public URL that reaches {WebhookPath} on the nodes, or set Telegram:Mode to polling");
            }
            else if (string.IsNullOrEmpty(secret))
            {
                throw new BadSettingException("Telegram:WebhookSecret", "is empty while Telegram:Mode is webhook",
                    "set it to 1 to 256 characters from A-Z a-z 0-9 _ - (the node checks it on every webhook call)");
            }
        }

        return new TelegramSettings(token!, apiBase, mode, string.IsNullOrEmpty(secret) ? null : secret, string.IsNullOrEmpty(webhookUrl) ? null : webhookUrl);
    }

    private static void CheckLogLevel(IConfiguration configuration, string key)
    {
        var text = configuration[key]?.Trim();
        if (string.IsNullOrEmpty(text) || LoggingSetup.IsLevelName(text)) return;
        throw new BadSettingException(key, $"'{text}' is not a log level", $"set {key} to Verbose, Debug, Information, Warning, Error or Fatal");
    }

    /// <summary>Telegram's rule for secret_token: 1-256 characters of A-Z a-z 0-9 _ -.</summary>
    public static bool IsValidWebhookSecret(string secret) =>
        secret.Length is >= 1 and <= 256 && secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    private static bool LooksLikeBotToken(string token)
    {
        var colon = token.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && colon < token.Length - 1 && token[..colon].All(char.IsAsciiDigit) && long.TryParse(token[..colon], out _)
               && !token[(colon + 1)..].Any(char.IsWhiteSpace);
    }

    private static bool IsHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https" && !string.IsNullOrEmpty(parsed.Host);

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
            configuration["Operator:Token"],
            configuration["Metrics:Token"],
            TryGetPassword(persistence.ConnectionString),
        };
        values.AddRange((configuration["Kie:ApiKeys"] ?? "").Split(',', StringSplitOptions.TrimEntries));
        return values.OfType<string>().Where(v => v.Length >= 4).Distinct().ToArray();
    }
}
