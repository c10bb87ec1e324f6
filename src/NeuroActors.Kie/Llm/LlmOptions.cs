using Microsoft.Extensions.Configuration;
using NeuroActors.Domain.Configuration;
using NeuroActors.Domain.Kie;

namespace NeuroActors.Kie.Llm;

/// <summary>
/// The <c>Llm</c> configuration section: an OpenAI-compatible chat completions endpoint that rewrites prompts.
/// Without <see cref="BaseUrl"/> the prompt improver is off. The key never shows in <see cref="ToString"/>.
/// </summary>
public sealed class LlmOptions
{
    public const string SectionName = "Llm";
    public const string DefaultModel = "gpt-4o-mini";
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);
    public const int DefaultCacheSize = 1000;
    public const int DefaultMaxPromptLength = 1000;

    /// <summary><c>Llm:BaseUrl</c>, e.g. https://api.openai.com/v1 (the client posts to <c>{BaseUrl}/chat/completions</c>).</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary><c>Llm:ApiKey</c>: sent as a Bearer token; optional for local servers that need none.</summary>
    public string? ApiKey { get; set; }

    /// <summary><c>Llm:Model</c>.</summary>
    public string Model { get; set; } = DefaultModel;

    /// <summary><c>Llm:Timeout</c> (e.g. "20s"): the whole chat completion call.</summary>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary><c>Llm:CacheSize</c>: improved prompts kept for identical requests; 0 turns the cache off.</summary>
    public int CacheSize { get; set; } = DefaultCacheSize;

    /// <summary><c>Llm:MaxPromptLength</c>: the longest improved prompt asked for and accepted, in characters.</summary>
    public int MaxPromptLength { get; set; } = DefaultMaxPromptLength;

    public bool IsEnabled => BaseUrl is not null;

    /// <summary>
    /// The chat completions address. <see cref="BaseUrl"/> is what OpenAI's SDKs call the base URL (it ends in <c>/v1</c> or the
    /// provider's own prefix) and <c>chat/completions</c> follows it; a bare host gets <c>/v1/chat/completions</c>.
    /// </summary>
    public Uri ChatCompletionsUrl
    {
        get
        {
            var baseUrl = BaseUrl ?? throw new InvalidOperationException("Llm:BaseUrl is not set, so the prompt improver is off.");
            var path = baseUrl.AbsolutePath.TrimEnd('/');
            return new UriBuilder(baseUrl) { Path = (path.Length == 0 ? "/v1" : path) + "/chat/completions" }.Uri;
        }
    }

    /// <summary>Reads and checks the section; a bad value throws <see cref="BadSettingException"/> naming the setting and the fix.</summary>
    public static LlmOptions FromConfiguration(IConfiguration configuration)
    {
        var settings = new SettingReader(key => configuration[key]);
        return new LlmOptions
        {
            BaseUrl = ReadBaseUrl(settings),
            ApiKey = settings.Text("Llm:ApiKey"),
            Model = settings.Text("Llm:Model") ?? DefaultModel,
            Timeout = settings.Duration("Llm:Timeout", DefaultTimeout),
            CacheSize = (int?)settings.Whole("Llm:CacheSize", minimum: 0, "set Llm:CacheSize to a whole number such as 1000 (0 turns the cache off)", maximum: int.MaxValue)
                        ?? DefaultCacheSize,
            MaxPromptLength = (int?)settings.Whole("Llm:MaxPromptLength", minimum: 50,
                "set Llm:MaxPromptLength to a whole number of characters, at least 50, such as 1000", maximum: int.MaxValue) ?? DefaultMaxPromptLength,
        };
    }

    public override string ToString() =>
        $"Llm(BaseUrl={BaseUrl?.ToString() ?? "none"}, ApiKey={(ApiKey is null ? "none" : SecretMask.Last4(ApiKey))}, Model={Model}, " +
        $"Timeout={Timeout}, CacheSize={CacheSize}, MaxPromptLength={MaxPromptLength})";

    private static Uri? ReadBaseUrl(SettingReader settings)
    {
        const string fix = "set Llm:BaseUrl to the server's OpenAI-compatible base, e.g. https://api.openai.com/v1, or remove it to hide the improve button";
        var url = settings.HttpUrl("Llm:BaseUrl", fix);
        return url is null || url.Query.Length == 0 ? url : throw new BadSettingException("Llm:BaseUrl", $"'{url}' is not an absolute http(s) URL without a query", fix);
    }
}
