using Microsoft.Extensions.Configuration;
using NeuroActors.Domain.Configuration;
using NeuroActors.Domain.Kie;
using NeuroActors.Kie.Catalog;

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

    /// <summary>Reads and checks the section; a bad value throws <see cref="BadSettingException"/> naming the setting and the fix.</summary>
    public static KieOptions FromConfiguration(IConfiguration configuration)
    {
        var settings = new SettingReader(key => configuration[key]);
        var defaults = new KieOptions();
        var d = KiePacingLimits.Default;
        return new KieOptions
        {
            BaseUrl = settings.HttpUrl("Kie:BaseUrl", $"set Kie:BaseUrl to KIE's API origin, e.g. {DefaultBaseUrl}") ?? DefaultBaseUrl,
            UploadBaseUrl = settings.HttpUrl("Kie:UploadBaseUrl", $"set Kie:UploadBaseUrl to KIE's file host, e.g. {DefaultUploadBaseUrl}") ?? DefaultUploadBaseUrl,
            ApiKeys = KieApiKey.ParseList(configuration["Kie:ApiKeys"]),
            CallbackBaseUrl = settings.HttpUrl("Kie:CallbackBaseUrl", "set Kie:CallbackBaseUrl to the public base URL that reaches the nodes, e.g. https://bot.example.com, or remove it to poll only"),
            WebhookHmacKey = settings.Text("Kie:WebhookHmacKey"),
            CallbackSecret = settings.Text("Kie:CallbackSecret"),
            UserAgent = settings.Text("Kie:UserAgent") ?? defaults.UserAgent,
            RequestTimeout = settings.Duration("Kie:RequestTimeout", defaults.RequestTimeout),
            UploadTimeout = settings.Duration("Kie:UploadTimeout", defaults.UploadTimeout),
            CallbackMaxAge = settings.Duration("Kie:CallbackMaxAge", defaults.CallbackMaxAge),
            // An empty Kie:Retry:Delays means no retries.
            Retry = settings.Durations("Kie:Retry:Delays", RetrySchedule.Default.Delays) is { } delays ? new RetrySchedule(delays) : RetrySchedule.Default,
            Poll = settings.DurationOrNull("Kie:Poll:GiveUpAfter", PollSchedule.Default.GiveUpAfter) is { } giveUp
                ? PollSchedule.Default.WithGiveUpAfter(giveUp)
                : PollSchedule.Default,
            Pacing = new KiePacingLimits(
                Count(settings, "Kie:Pacing:CreatesPerWindow", d.CreatesPerWindow),
                settings.Duration("Kie:Pacing:CreateWindow", d.CreateWindow),
                Count(settings, "Kie:Pacing:QueriesPerWindow", d.QueriesPerWindow),
                settings.Duration("Kie:Pacing:QueryWindow", d.QueryWindow),
                settings.Duration("Kie:Pacing:SafetyMargin", d.SafetyMargin, allowZero: true),
                settings.Duration("Kie:Pacing:RateLimitCooldown", d.RateLimitCooldown),
                settings.Duration("Kie:Pacing:UsageCapCooldown", d.UsageCapCooldown),
                settings.Duration("Kie:Pacing:MaxCooldownWait", d.MaxCooldownWait),
                settings.Duration("Kie:Pacing:MaxInFlight", d.MaxInFlight)),
        };
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

    /// <summary>What the catalogue's availability probe needs: KIE's base URL and the first key; null without a key.</summary>
    public KieProbeOptions? ProbeOptions(TimeSpan minInterval) =>
        ApiKeys.Count == 0 ? null : new KieProbeOptions(BaseUrl, ApiKeys[0].Secret, minInterval);

    public override string ToString() =>
        $"Kie(BaseUrl={BaseUrl}, UploadBaseUrl={UploadBaseUrl}, ApiKeys=[{string.Join(", ", ApiKeys.Select(k => k.Id))}], " +
        $"RequestTimeout={RequestTimeout}, CallbackBaseUrl={CallbackBaseUrl?.ToString() ?? "none"}, " +
        $"WebhookHmacKey={(WebhookHmacKey is null ? "none" : SecretMask.Last4(WebhookHmacKey))}, Retry={Retry})";

    private static int Count(SettingReader settings, string key, int fallback) =>
        (int?)settings.Whole(key, minimum: 1, $"set {key} to a positive whole number, e.g. {fallback}", maximum: int.MaxValue) ?? fallback;
}
