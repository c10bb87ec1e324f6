using System.Globalization;
using Microsoft.Extensions.Configuration;
using NeuroActors.Domain.Kie;

namespace NeuroActors.Kie;

/// <summary>
/// The <c>Kie</c> configuration section. Secrets (API keys, webhook key, callback secret) never show in <see cref="ToString"/>.
/// </summary>
public sealed class KieOptions
{
    public const string SectionName = "Kie";

    public static readonly Uri DefaultBaseUrl = new("https://api.kie.ai");
    public static readonly Uri DefaultUploadBaseUrl = new("https://kieai.redpandaai.co");

    /// <summary><c>Kie:BaseUrl</c>.</summary>
    public Uri BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary><c>Kie:UploadBaseUrl</c>: KIE's file host.</summary>
    public Uri UploadBaseUrl { get; set; } = DefaultUploadBaseUrl;

    /// <summary><c>Kie:ApiKeys</c>, comma-separated.</summary>
    public IReadOnlyList<KieApiKey> ApiKeys { get; set; } = [];

    /// <summary><c>Kie:RequestTimeout</c> (e.g. "30s"): each JSON call.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary><c>Kie:UploadTimeout</c>: file uploads.</summary>
    public TimeSpan UploadTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary><c>Kie:CallbackBaseUrl</c>: public base URL for callbacks; null means polling only.</summary>
    public Uri? CallbackBaseUrl { get; set; }

    /// <summary><c>Kie:WebhookHmacKey</c>: when set, callbacks must carry KIE's signature.</summary>
    public string? WebhookHmacKey { get; set; }

    /// <summary><c>Kie:CallbackSecret</c>: makes the per-job callback URL tokens; shared by all nodes. Derived from the API keys when absent.</summary>
    public string? CallbackSecret { get; set; }

    /// <summary><c>Kie:CallbackMaxAge</c>: signed callbacks older (or newer) than this are refused.</summary>
    public TimeSpan CallbackMaxAge { get; set; } = KieWebhookSignature.DefaultMaxAge;

    /// <summary><c>Kie:Retry:Delays</c>, e.g. "10s,20s,40s".</summary>
    public RetrySchedule Retry { get; set; } = RetrySchedule.Default;

    /// <summary>Poll cadence; <c>Kie:Poll:GiveUpAfter</c> sets when to stop.</summary>
    public PollSchedule Poll { get; set; } = PollSchedule.Default;

    /// <summary><c>Kie:Pacing:*</c>.</summary>
    public KiePacingLimits Pacing { get; set; } = KiePacingLimits.Default;

    /// <summary><c>Kie:UserAgent</c>: KIE sits behind Cloudflare, which blocks unusual agents.</summary>
    public string UserAgent { get; set; } = "NeuroActors/1.0";

    public static KieOptions FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        var options = new KieOptions
        {
            BaseUrl = AbsoluteUri(section["BaseUrl"], "Kie:BaseUrl") ?? DefaultBaseUrl,
            UploadBaseUrl = AbsoluteUri(section["UploadBaseUrl"], "Kie:UploadBaseUrl") ?? DefaultUploadBaseUrl,
            ApiKeys = KieApiKey.ParseList(section["ApiKeys"]),
            CallbackBaseUrl = AbsoluteUri(section["CallbackBaseUrl"], "Kie:CallbackBaseUrl"),
            WebhookHmacKey = Blank(section["WebhookHmacKey"]),
            CallbackSecret = Blank(section["CallbackSecret"]),
            UserAgent = Blank(section["UserAgent"]) ?? "NeuroActors/1.0",
        };

        options.RequestTimeout = Duration(section["RequestTimeout"], "Kie:RequestTimeout") ?? options.RequestTimeout;
        options.UploadTimeout = Duration(section["UploadTimeout"], "Kie:UploadTimeout") ?? options.UploadTimeout;
        options.CallbackMaxAge = Duration(section["CallbackMaxAge"], "Kie:CallbackMaxAge") ?? options.CallbackMaxAge;

        if (section.GetSection("Retry")["Delays"] is { } delays)
        {
            options.Retry = RetrySchedule.Parse(delays);
        }

        if (Duration(section.GetSection("Poll")["GiveUpAfter"], "Kie:Poll:GiveUpAfter") is { } giveUp)
        {
            options.Poll = PollSchedule.Default.WithGiveUpAfter(giveUp);
        }

        var pacing = section.GetSection("Pacing");
        var d = KiePacingLimits.Default;
        options.Pacing = new KiePacingLimits(
            Count(pacing["CreatesPerWindow"], "Kie:Pacing:CreatesPerWindow") ?? d.CreatesPerWindow,
            Duration(pacing["CreateWindow"], "Kie:Pacing:CreateWindow") ?? d.CreateWindow,
            Count(pacing["QueriesPerWindow"], "Kie:Pacing:QueriesPerWindow") ?? d.QueriesPerWindow,
            Duration(pacing["QueryWindow"], "Kie:Pacing:QueryWindow") ?? d.QueryWindow,
            Duration(pacing["SafetyMargin"], "Kie:Pacing:SafetyMargin", allowZero: true) ?? d.SafetyMargin,
            Duration(pacing["RateLimitCooldown"], "Kie:Pacing:RateLimitCooldown") ?? d.RateLimitCooldown,
            Duration(pacing["UsageCapCooldown"], "Kie:Pacing:UsageCapCooldown") ?? d.UsageCapCooldown,
            Duration(pacing["MaxCooldownWait"], "Kie:Pacing:MaxCooldownWait") ?? d.MaxCooldownWait,
            Duration(pacing["MaxInFlight"], "Kie:Pacing:MaxInFlight") ?? d.MaxInFlight);

        return options;
    }

    /// <summary>The secret behind callback URL tokens: configured, or derived from the API keys (all nodes share them), or random for this process.</summary>
    public KieCallbackTokens CreateCallbackTokens()
    {
        if (CallbackSecret is { } configured)
        {
            return KieCallbackTokens.FromPassphrase(configured);
        }

        if (ApiKeys.Count > 0)
        {
            return KieCallbackTokens.FromPassphrase("derived-from-api-keys:" + string.Join("\n", ApiKeys.Select(k => k.Secret).Order(StringComparer.Ordinal)));
        }

        return new KieCallbackTokens(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    }

    public override string ToString() =>
        $"Kie(BaseUrl={BaseUrl}, UploadBaseUrl={UploadBaseUrl}, ApiKeys=[{string.Join(", ", ApiKeys.Select(k => k.Id))}], " +
        $"RequestTimeout={RequestTimeout}, CallbackBaseUrl={CallbackBaseUrl?.ToString() ?? "none"}, " +
        $"WebhookHmacKey={(WebhookHmacKey is null ? "none" : SecretMask.Last4(WebhookHmacKey))}, Retry={Retry})";

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static Uri? AbsoluteUri(string? value, string name)
    {
        if (Blank(value) is not { } text)
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new FormatException($"{name} must be an absolute http(s) URL, not '{text}'.");
    }

    private static TimeSpan? Duration(string? value, string name, bool allowZero = false)
    {
        if (Blank(value) is not { } text)
        {
            return null;
        }

        return DurationText.TryParse(text, out var duration) && (duration > TimeSpan.Zero || (allowZero && duration == TimeSpan.Zero))
            ? duration
            : throw new FormatException($"{name} must be a positive duration such as 30s, not '{text}'.");
    }

    private static int? Count(string? value, string name)
    {
        if (Blank(value) is not { } text)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
            ? count
            : throw new FormatException($"{name} must be a positive whole number, not '{text}'.");
    }
}
