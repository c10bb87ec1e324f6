using NeuroActors.Host;

namespace NeuroActors.IntegrationTests.Gateway;

/// <summary>Bad Telegram and KIE settings stop the node before it starts, with one line naming the setting and the fix.</summary>
public sealed class GatewayStartupErrorTests
{
    private static async Task<(int ExitCode, string Output)> RunNodeAsync(params string[] settings)
    {
        var args = new List<string> { "--Http:Urls=http://127.0.0.1:0", "--Cluster:Port=0" };
        args.AddRange(settings.Select(s => "--" + s));
        var errors = new StringWriter();
        var exit = await NodeProgram.RunAsync([.. args], errors).WaitAsync(TimeSpan.FromSeconds(60));
        return (exit, errors.ToString());
    }

    [Fact]
    public async Task Webhook_mode_without_a_url_stops_the_node_naming_Telegram_WebhookUrl()
    {
        var (exit, output) = await RunNodeAsync("Telegram:BotToken=123456789:AAHsecretTokenValue_abcdefghijk", "Telegram:Mode=webhook", "Telegram:WebhookSecret=s3cret_value");
        Assert.Equal(NodeProgram.ConfigurationErrorExitCode, exit);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("NeuroActors cannot start: Telegram:WebhookUrl", line);
        Assert.Contains("Fix: ", line);
        Assert.DoesNotContain("AAHsecretTokenValue", output);
        Assert.DoesNotContain("s3cret_value", output);
    }

    [Fact]
    public async Task A_malformed_KIE_base_url_stops_the_node_naming_Kie_BaseUrl()
    {
        var (exit, output) = await RunNodeAsync("Kie:BaseUrl=api.kie.ai");
        Assert.Equal(NodeProgram.ConfigurationErrorExitCode, exit);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("NeuroActors cannot start: Kie:BaseUrl: must be an absolute http(s) URL", line);
        Assert.Contains("Fix: ", line);
    }
}
