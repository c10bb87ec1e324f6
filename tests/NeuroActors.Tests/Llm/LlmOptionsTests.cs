using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NeuroActors.Domain.Configuration;
using NeuroActors.Kie.Llm;

namespace NeuroActors.Tests.Llm;

public sealed class LlmOptionsTests
{
    private static LlmOptions Read(params (string Key, string? Value)[] settings) =>
        LlmOptions.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());

    [Fact]
    public void Without_a_base_url_the_improver_is_off_and_defaults_apply()
    {
        var options = Read();

        Assert.False(options.IsEnabled);
        Assert.Equal((LlmOptions.DefaultModel, TimeSpan.FromSeconds(20), 1000), (options.Model, options.Timeout, options.CacheSize));
    }

    [Fact]
    public void Settings_are_read_from_the_Llm_section()
    {
        var options = Read(("Llm:BaseUrl", "http://127.0.0.1:5000/v1"), ("Llm:ApiKey", "sk-secret-1234"), ("Llm:Model", "local-model"),
            ("Llm:Timeout", "1500ms"), ("Llm:CacheSize", "0"), ("Llm:MaxPromptLength", "300"));

        Assert.True(options.IsEnabled);
        Assert.Equal(("sk-secret-1234", "local-model", TimeSpan.FromMilliseconds(1500), 0, 300),
            (options.ApiKey, options.Model, options.Timeout, options.CacheSize, options.MaxPromptLength));
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://llm.example/v1")]
    [InlineData("/v1/chat")]
    public void A_malformed_base_url_names_the_setting_and_the_fix(string value)
    {
        var error = Assert.Throws<BadSettingException>(() => Read(("Llm:BaseUrl", value)));

        Assert.Equal("Llm:BaseUrl", error.Setting);
        Assert.StartsWith("Llm:BaseUrl: ", error.Message);
        Assert.Contains("Fix: set Llm:BaseUrl to", error.Message);
    }

    [Theory]
    [InlineData("0s")]
    [InlineData("-5s")]
    [InlineData("soon")]
    public void A_non_positive_or_unreadable_timeout_names_the_setting_and_the_fix(string value)
    {
        var error = Assert.Throws<BadSettingException>(() => Read(("Llm:BaseUrl", "http://127.0.0.1:1/v1"), ("Llm:Timeout", value)));

        Assert.Equal("Llm:Timeout", error.Setting);
        Assert.Contains($"'{value}'", error.Message);
        Assert.Contains("Fix: set Llm:Timeout to a duration such as 20s", error.Message);
    }

    [Theory]
    [InlineData("Llm:CacheSize", "-1")]
    [InlineData("Llm:CacheSize", "many")]
    [InlineData("Llm:MaxPromptLength", "10")]
    public void A_bad_number_names_its_setting(string setting, string value)
    {
        var error = Assert.Throws<BadSettingException>(() => Read((setting, value)));

        Assert.Equal(setting, error.Setting);
        Assert.Contains("Fix: set " + setting, error.Message);
    }

    [Fact]
    public void The_key_shows_only_its_last_four_characters()
    {
        var options = Read(("Llm:BaseUrl", "http://127.0.0.1:1/v1"), ("Llm:ApiKey", "sk-very-secret-key-9876"));

        Assert.DoesNotContain("sk-very-secret", options.ToString());
        Assert.Contains("****9876", options.ToString());
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000", "http://127.0.0.1:5000/v1/chat/completions")]
    [InlineData("http://127.0.0.1:5000/", "http://127.0.0.1:5000/v1/chat/completions")]
    [InlineData("https://api.openai.com/v1", "https://api.openai.com/v1/chat/completions")]
    [InlineData("https://openrouter.ai/api/v1/", "https://openrouter.ai/api/v1/chat/completions")]
    public void Chat_completions_follow_the_base_url(string baseUrl, string expected)
    {
        Assert.Equal(new Uri(expected), Read(("Llm:BaseUrl", baseUrl)).ChatCompletionsUrl);
    }

    [Fact]
    public void Registration_without_a_base_url_gives_a_disabled_improver()
    {
        using var services = new ServiceCollection().AddPromptImprover(new ConfigurationBuilder().Build()).BuildServiceProvider();

        var improver = services.GetRequiredService<IPromptImprover>();

        Assert.False(improver.IsEnabled);
        Assert.IsType<DisabledPromptImprover>(improver);
    }

    [Fact]
    public void Registration_with_a_base_url_gives_one_shared_enabled_improver()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Llm:BaseUrl", "http://127.0.0.1:1/v1")]).Build();
        using var services = new ServiceCollection().AddLogging().AddPromptImprover(configuration).BuildServiceProvider();

        var improver = services.GetRequiredService<IPromptImprover>();

        Assert.True(improver.IsEnabled);
        Assert.Same(improver, services.GetRequiredService<IPromptImprover>());
    }
}
