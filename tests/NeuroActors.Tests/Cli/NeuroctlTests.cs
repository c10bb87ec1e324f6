using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using NeuroActors.Cli;

namespace NeuroActors.Tests.Cli;

public sealed class NeuroctlTests
{
    /// <summary>A node that answers every call with one status and body, and remembers what it was asked.</summary>
    private sealed class FakeNode(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];
        public List<string?> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            Bodies.Add(request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken));
            return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        }
    }

    /// <summary>A node that accepts the call and never answers.</summary>
    private sealed class SilentNode : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    private sealed record Run(int ExitCode, string Output, string Error);

    private static async Task<Run> RunAsync(HttpMessageHandler? node, Dictionary<string, string>? environment, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await Neuroctl.RunAsync(args, new CliEnvironment(output, error, name => environment?.GetValueOrDefault(name), node));
        return new Run(code, output.ToString(), error.ToString());
    }

    private const string Health = """{"status":"ready","member":"up","address":"akka.tcp://neuroactors@10.0.0.5:4053","roles":[],"database":"ok","uptime":"3m 2s"}""";

    [Fact]
    public async Task Health_prints_the_nodes_fields_and_exits_0()
    {
        var node = new FakeNode(HttpStatusCode.OK, Health);
        var run = await RunAsync(node, null, "health");

        Assert.Equal(ExitCodes.Done, run.ExitCode);
        Assert.Contains("akka.tcp://neuroactors@10.0.0.5:4053", run.Output);
        Assert.Contains("database: ok", run.Output);
        Assert.Equal("", run.Error);
        Assert.Equal("http://127.0.0.1:8080/operator/v1/health", node.Requests.Single().RequestUri!.ToString());
    }

    [Fact]
    public async Task With_json_the_nodes_answer_is_printed_as_json()
    {
        var run = await RunAsync(new FakeNode(HttpStatusCode.OK, Health), null, "health", "--json");

        Assert.Equal(ExitCodes.Done, run.ExitCode);
        using var printed = JsonDocument.Parse(run.Output);
        Assert.Equal("ready", printed.RootElement.GetProperty("status").GetString());
        Assert.Equal("akka.tcp://neuroactors@10.0.0.5:4053", printed.RootElement.GetProperty("address").GetString());
    }

    [Fact]
    public async Task Node_and_token_come_from_the_environment_and_the_options_win_over_it()
    {
        var node = new FakeNode(HttpStatusCode.OK, Health);
        var environment = new Dictionary<string, string> { ["NEUROCTL_NODE"] = "http://10.1.2.3:9000", ["NEUROCTL_TOKEN"] = "from-the-environment-0123" };

        await RunAsync(node, environment, "health");
        await RunAsync(node, environment, "health", "--node", "http://10.9.9.9:8080", "--token", "from-the-option-0123456");

        Assert.Equal("http://10.1.2.3:9000/operator/v1/health", node.Requests[0].RequestUri!.ToString());
        Assert.Equal("Bearer from-the-environment-0123", node.Requests[0].Headers.Authorization!.ToString());
        Assert.Equal("http://10.9.9.9:8080/operator/v1/health", node.Requests[1].RequestUri!.ToString());
        Assert.Equal("Bearer from-the-option-0123456", node.Requests[1].Headers.Authorization!.ToString());
    }

    [Fact]
    public async Task A_refusal_of_the_node_prints_its_error_line_and_exits_1()
    {
        var node = new FakeNode(HttpStatusCode.Conflict, """{"error":"akka.tcp://neuroactors@10.0.0.5:4053 is the node you are talking to: it will not down itself; use leave, or ask another node"}""");
        var run = await RunAsync(node, null, "cluster", "down", "akka.tcp://neuroactors@10.0.0.5:4053");

        Assert.Equal(ExitCodes.Failed, run.ExitCode);
        Assert.Equal("neuroctl: akka.tcp://neuroactors@10.0.0.5:4053 is the node you are talking to: it will not down itself; use leave, or ask another node", run.Error.TrimEnd());
        Assert.Equal("""{"address":"akka.tcp://neuroactors@10.0.0.5:4053"}""", node.Bodies.Single());
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task A_node_that_does_not_let_us_in_exits_3_with_one_line(HttpStatusCode status)
    {
        var run = await RunAsync(new FakeNode(status, """{"error":"unauthorised"}"""), null, "cluster", "show", "--token", "wrong-token-0123456789");

        Assert.Equal(ExitCodes.Unreachable, run.ExitCode);
        Assert.Single(run.Error.TrimEnd().Split('\n'));
        Assert.StartsWith("neuroctl: node http://127.0.0.1:8080: unauthorised", run.Error);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task An_unreachable_node_exits_3_with_one_line_and_no_stack_trace()
    {
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();

        var run = await RunAsync(null, null, "cluster", "show", "--node", $"http://127.0.0.1:{port}");

        Assert.Equal(ExitCodes.Unreachable, run.ExitCode);
        Assert.Equal($"neuroctl: node http://127.0.0.1:{port}: unreachable (connection refused)", run.Error.TrimEnd());
    }

    [Fact]
    public async Task A_node_that_does_not_answer_within_the_timeout_exits_3()
    {
        var run = await RunAsync(new SilentNode(), null, "health", "--timeout", "200ms");

        Assert.Equal(ExitCodes.Unreachable, run.ExitCode);
        Assert.Equal("neuroctl: node http://127.0.0.1:8080: no answer within 200ms", run.Error.TrimEnd());
    }

    [Fact]
    public async Task Help_states_the_timeout_default_in_the_syntax_the_option_takes()
    {
        var node = new FakeNode(HttpStatusCode.OK, Health);
        var run = await RunAsync(node, null, "--help");

        Assert.Equal(ExitCodes.Done, run.ExitCode);
        var line = Assert.Single(run.Output.Split('\n'), l => l.Contains("--timeout", StringComparison.Ordinal));
        Assert.Contains("(default 10s)", line, StringComparison.Ordinal);
        Assert.DoesNotContain("00:00:10", line, StringComparison.Ordinal);
        Assert.Empty(node.Requests);
    }

    [Fact]
    public async Task A_typo_exits_2_and_suggests_the_nearest_command()
    {
        var node = new FakeNode(HttpStatusCode.OK, Health);
        var run = await RunAsync(node, null, "clustr", "show");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        // System.CommandLine prints the suggestion ("Did you mean ... cluster") with the usage, the errors on stderr.
        var suggestion = run.Output + run.Error;
        Assert.Contains("'clustr' was not matched. Did you mean one of the following?" + Environment.NewLine + "cluster", suggestion, StringComparison.Ordinal);
        Assert.Contains("Unrecognized command or argument 'clustr'", run.Error, StringComparison.Ordinal);
        Assert.Empty(node.Requests);
    }

    [Theory]
    [InlineData("cluster")]
    [InlineData("cluster", "leave")]
    [InlineData("health", "--timeout", "soon")]
    [InlineData("health", "--node", "ftp://x")]
    [InlineData("catalog", "model", "some/model", "maybe")]
    public async Task Bad_usage_exits_2_without_calling_the_node(params string[] args)
    {
        var node = new FakeNode(HttpStatusCode.OK, Health);
        var run = await RunAsync(node, null, args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.NotEqual("", run.Error);
        Assert.Empty(node.Requests);
    }

    [Fact]
    public async Task Cluster_show_prints_each_member_with_its_status_and_marks()
    {
        var node = new FakeNode(HttpStatusCode.OK, """
            {"self":"akka.tcp://neuroactors@10.0.0.5:4053","leader":"akka.tcp://neuroactors@10.0.0.5:4053","oldest":"akka.tcp://neuroactors@10.0.0.5:4053",
             "members":[{"address":"akka.tcp://neuroactors@10.0.0.5:4053","status":"up","roles":[],"reachable":true,"leader":true,"oldest":true,"self":true},
                        {"address":"akka.tcp://neuroactors@10.0.0.6:4053","status":"up","roles":[],"reachable":false,"leader":false,"oldest":false,"self":false}]}
            """);
        var run = await RunAsync(node, null, "cluster", "show");

        Assert.Equal(ExitCodes.Done, run.ExitCode);
        var lines = run.Output.Split('\n');
        Assert.Contains(lines, l => l.Contains("akka.tcp://neuroactors@10.0.0.6:4053", StringComparison.Ordinal) && l.Contains(" no ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("this node:", StringComparison.Ordinal) && l.Contains("10.0.0.5", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Catalog_model_off_sends_the_switch_with_who_and_why()
    {
        var node = new FakeNode(HttpStatusCode.OK, """{"result":"flux/dev switched off for every node (revision 3)"}""");
        var run = await RunAsync(node, null, "catalog", "model", "flux/dev", "off", "--reason", "KIE outage", "--by", "ops-anna");

        Assert.Equal(ExitCodes.Done, run.ExitCode);
        Assert.Equal("flux/dev switched off for every node (revision 3)", run.Output.TrimEnd());
        Assert.Equal("http://127.0.0.1:8080/operator/v1/catalog/model", node.Requests.Single().RequestUri!.ToString());
        Assert.Equal("""{"modelId":"flux/dev","visible":false,"by":"ops-anna","reason":"KIE outage"}""", node.Bodies.Single());
    }

    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("500ms", 500)]
    [InlineData("2m", 120_000)]
    [InlineData("1.5", 1_500)]
    public void Durations_read_as_an_operator_writes_them(string text, int milliseconds)
    {
        Assert.True(GlobalOptions.TryParseDuration(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData(null, null, null, null)]
    [InlineData("Debug", null, null, "Debug")]
    [InlineData("Akka", null, "Akka", null)]
    [InlineData("Akka", "Warning", "Akka", "Warning")]
    public void Log_level_reads_one_level_as_the_default_and_otherwise_a_source(string? first, string? second, string? source, string? level)
    {
        Assert.Equal((source, level), NeuroActors.Cli.Commands.LogCommands.Interpret(first, second));
    }
}
