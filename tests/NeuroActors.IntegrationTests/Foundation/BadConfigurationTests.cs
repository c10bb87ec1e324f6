using System.Net;
using System.Net.Sockets;
using NeuroActors.Host;
using NeuroActors.IntegrationTests.Support;
using Npgsql;

namespace NeuroActors.IntegrationTests.Foundation;

/// <summary>A bad setting stops the node at once with one line naming the setting and the fix, and a non-zero exit code.</summary>
public sealed class BadConfigurationTests
{
    private static async Task<(int ExitCode, string Output)> RunNodeAsync(params string[] settings)
    {
        var args = new List<string> { "--Http:Urls=http://127.0.0.1:0", "--Cluster:Port=0" };
        args.AddRange(settings.Select(s => "--" + s));
        var errors = new StringWriter();
        // Bounded so that a node that hangs instead of stopping fails the test rather than the run.
        var exit = await NodeProgram.RunAsync([.. args], errors).WaitAsync(TimeSpan.FromSeconds(60));
        return (exit, errors.ToString());
    }

    private static void AssertOneLine(string output, string setting, string fix)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("NeuroActors cannot start: " + setting, lines[0]);
        Assert.Contains("Fix: ", lines[0]);
        Assert.Contains(fix, lines[0]);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public async Task An_unknown_provider_names_the_setting_and_the_choices()
    {
        var (exit, output) = await RunNodeAsync("Persistence:Provider=mysql");
        Assert.Equal(NodeProgram.ConfigurationErrorExitCode, exit);
        AssertOneLine(output, "Persistence:Provider", "sqlite or postgres");
        Assert.Contains("'mysql'", output);
    }

    [Fact]
    public async Task A_malformed_connection_string_is_named_with_an_example()
    {
        var (exit, output) = await RunNodeAsync("Persistence:Provider=postgres", "Persistence:ConnectionString=this is not a connection string");
        Assert.Equal(NodeProgram.ConfigurationErrorExitCode, exit);
        AssertOneLine(output, "Persistence:ConnectionString", "key=value pairs");
    }

    [Fact]
    public async Task An_unreachable_postgres_stops_the_node_within_seconds()
    {
        var closedPort = FreePort();
        var (exit, output) = await RunNodeAsync("Persistence:Provider=postgres", $"Persistence:ConnectionString=Host=127.0.0.1;Port={closedPort};Database=x;Username=u;Password=hunter2secret");
        Assert.Equal(NodeProgram.ConfigurationErrorExitCode, exit);
        AssertOneLine(output, "Persistence:ConnectionString", "start the server");
        Assert.DoesNotContain("hunter2secret", output);
    }

    [Fact]
    public async Task A_postgres_that_refuses_the_password_says_so_without_printing_it()
    {
        var real = new NpgsqlConnectionStringBuilder(TestDatabase.RunConnectionString) { Password = "wrong-password-123" };
        var (exit, output) = await RunNodeAsync("Persistence:Provider=postgres", "Persistence:ConnectionString=" + real.ConnectionString);
        Assert.Equal(NodeProgram.ConfigurationErrorExitCode, exit);
        AssertOneLine(output, "Persistence:ConnectionString", "Username and Password");
        Assert.DoesNotContain("wrong-password-123", output);
    }

    [Fact]
    public async Task A_missing_postgres_database_says_how_to_create_it()
    {
        var real = new NpgsqlConnectionStringBuilder(TestDatabase.RunConnectionString) { Database = "no_such_database_here" };
        var (exit, output) = await RunNodeAsync("Persistence:Provider=postgres", "Persistence:ConnectionString=" + real.ConnectionString);
        Assert.Equal(NodeProgram.ConfigurationErrorExitCode, exit);
        AssertOneLine(output, "Persistence:ConnectionString", "CREATE DATABASE");
    }

    [Fact]
    public async Task A_remoting_port_in_use_names_Cluster_Port()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        await using var database = TestDatabase.CreateSqlite();
        var (exit, output) = await RunNodeAsync($"Cluster:Port={port}", "Persistence:ConnectionString=" + database.Settings.ConnectionString);
        Assert.Equal(NodeProgram.ConfigurationErrorExitCode, exit);
        AssertOneLine(output, "Cluster:Port", "free port");
    }

    [Fact]
    public async Task An_http_port_in_use_names_Http_Urls()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        await using var database = TestDatabase.CreateSqlite();
        var (exit, output) = await RunNodeAsync($"Http:Urls=http://127.0.0.1:{port}", "Persistence:ConnectionString=" + database.Settings.ConnectionString);
        Assert.Equal(NodeProgram.ConfigurationErrorExitCode, exit);
        AssertOneLine(output, "Http:Urls", "free one");
    }

    [Fact]
    public async Task A_seed_that_is_not_an_address_names_Cluster_Seeds()
    {
        var (exit, output) = await RunNodeAsync("Cluster:Seeds=nonsense");
        Assert.Equal(NodeProgram.ConfigurationErrorExitCode, exit);
        AssertOneLine(output, "Cluster:Seeds", "host:port");
    }

    /// <summary>One bad value per section: every part's settings reader stops the node the same way, before anything starts.</summary>
    [Theory]
    [InlineData("Logging:Level=loud", "Logging:Level", "Information")]
    [InlineData("Telegram:StatusEditInterval=3", "Telegram:StatusEditInterval", "500ms, 30s, 10m, 24h or 7d")]
    [InlineData("Telegram:BulkPerSecond=0", "Telegram:BulkPerSecond", "1 to 1000")]
    [InlineData("Telegram:ChatPerSecond=fast", "Telegram:ChatPerSecond", "keep 1 against Telegram")]
    [InlineData("Telegram:ChatBurst=0", "Telegram:ChatBurst", "1 to 1000")]
    [InlineData("Telegram:GroupChats=shout", "Telegram:GroupChats", "ignore or polite")]
    [InlineData("Kie:RequestTimeout=30", "Kie:RequestTimeout", "500ms, 30s, 10m, 24h or 7d")]
    [InlineData("Kie:Retry:Delays=10,20,40", "Kie:Retry:Delays", "10s,20s,40s")]
    [InlineData("Kie:Pacing:CreatesPerWindow=many", "Kie:Pacing:CreatesPerWindow", "positive whole number")]
    [InlineData("Kie:BaseUrl=kie.example", "Kie:BaseUrl", "https://api.kie.ai")]
    [InlineData("Catalog:SyncInterval=06:00:00", "Catalog:SyncInterval", "500ms, 30s, 10m, 24h or 7d")]
    [InlineData("Catalog:ProbeKie=maybe", "Catalog:ProbeKie", "true or false")]
    [InlineData("Llm:Timeout=20", "Llm:Timeout", "500ms, 30s, 10m, 24h or 7d")]
    [InlineData("Jobs:ReportEvery=5", "Jobs:ReportEvery", "500ms, 30s, 10m, 24h or 7d")]
    [InlineData("Jobs:Timeout:Video=1", "Jobs:Timeout:Video", "500ms, 30s, 10m, 24h or 7d")]
    [InlineData("Credits:Welcome=ten", "Credits:Welcome", "whole number of credits")]
    [InlineData("Admin:TelegramIds=@boss", "Admin:TelegramIds", "numeric user ids")]
    public async Task A_bad_value_in_any_section_stops_the_node_with_one_line_naming_the_key(string setting, string key, string fix)
    {
        await using var database = TestDatabase.CreateSqlite();
        var (exit, output) = await RunNodeAsync(setting, "Persistence:ConnectionString=" + database.Settings.ConnectionString);
        Assert.Equal(NodeProgram.ConfigurationErrorExitCode, exit);
        AssertOneLine(output, key + ":", fix);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed class BadCatalogueTests
{
    [Fact]
    public async Task A_malformed_catalogue_stops_the_node_with_file_line_and_problem()
    {
        var folder = Directory.CreateTempSubdirectory("neuroactors-catalog-");
        var file = Path.Combine(folder.FullName, "models.yaml");
        await File.WriteAllTextAsync(file, "models:\n  - id: [unclosed\n");
        var errors = new StringWriter();
        var exit = await NodeProgram.RunAsync(["--Http:Urls=http://127.0.0.1:0", "--Cluster:Port=0", "--Catalog:FilePath=" + file], errors)
            .WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(NodeProgram.ConfigurationErrorExitCode, exit);
        var line = Assert.Single(errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("models.yaml:", line);
        Assert.StartsWith("NeuroActors cannot start: the model catalogue is invalid:", line);
    }
}
