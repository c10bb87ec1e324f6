using NeuroActors.Domain.Failures;

namespace NeuroActors.Domain.Kie;

/// <summary>
/// The one table from what KIE answered to a <see cref="KieFailureClassification"/>. Rows are tried in order and the
/// first match wins: transport first, then tell-tale texts (KIE reuses codes: Suno's lyrics page sends 429 for "no credits",
/// a missing input field comes back as 500), then the codes of the contract (kie-api.md sections 3, 5, 6).
/// </summary>
public static class KieFailureClassifier
{
    private sealed record Facts(KieOperation Operation, KieAnswerKind Kind, int? Code, string? TextCode, string Message);

    private sealed record Row(
        string Name,
        Func<Facts, bool> Matches,
        FailureClass Class,
        bool Retry,
        bool UserCanFix,
        string TextKey,
        KieKeyEffect KeyEffect = KieKeyEffect.None,
        bool AlertAdmins = false);

    private static bool Says(Facts f, params string[] fragments) =>
        fragments.Any(fragment => f.Message.Contains(fragment, StringComparison.OrdinalIgnoreCase));

    private static bool TextCodeIs(Facts f, params string[] codes) =>
        f.TextCode is { } code && codes.Any(c => string.Equals(c, code, StringComparison.OrdinalIgnoreCase));

    private static bool Code(Facts f, params int[] codes) => f.Code is { } code && codes.Contains(code);

    private static readonly Row[] Table =
    [
        // No answer at all.
        new("timeout", f => f.Kind == KieAnswerKind.Timeout,
            FailureClass.Temporary, Retry: true, UserCanFix: false, FailureTextKeys.TimedOut),
        new("network", f => f.Kind == KieAnswerKind.TransportError,
            FailureClass.Temporary, Retry: true, UserCanFix: false, FailureTextKeys.Temporary),

        // Our own request was malformed: a client defect, not the user's.
        new("client-defect", f => Says(f, "taskId parameter is required", "Missing required parameter", "Base64 decoding failed"),
            FailureClass.Unknown, Retry: false, UserCanFix: false, FailureTextKeys.Unknown, AlertAdmins: true),

        // Content policy, whatever the code (400, 422, 413, failCode strings).
        new("content-policy", f => TextCodeIs(f, "SENSITIVE_WORD_ERROR") || Says(f,
                "prohibited", "content polic", "violat", "flagged", "moderator", "moderation", "nsfw", "inappropriate",
                "sensitive word", "rejected by flow", "unsafe", "copyright", "matches existing work", "public figure",
                "explicit content"),
            FailureClass.UserViolation, Retry: false, UserCanFix: true, FailureTextKeys.ContentPolicy),

        // The input image could not be fetched or read (Veo 400, 4o/Suno 451).
        new("bad-image", f => Code(f, 451) || Says(f,
                "fetch", "failed to download", "download failed", "invalid image", "image format", "unsupported image",
                "corrupt", "decode image", "image is too large", "image too large", "image resolution", "unable to load image"),
            FailureClass.UserViolation, Retry: false, UserCanFix: true, FailureTextKeys.BadImage),

        new("prompt-too-long", f => Says(f, "too long", "maximum length", "max length", "exceeds the limit of"),
            FailureClass.UserViolation, Retry: false, UserCanFix: true, FailureTextKeys.PromptTooLong),

        new("english-only", f => Says(f, "English prompts"),
            FailureClass.UserViolation, Retry: false, UserCanFix: true, FailureTextKeys.InvalidInput),

        // Account money: the key's account is empty (402; also the text Suno's lyrics page sends under 429).
        new("no-credits", f => Code(f, 402) || Says(f, "credits are insufficient", "insufficient credit", "insufficient balance", "top up"),
            FailureClass.Billing, Retry: false, UserCanFix: false, FailureTextKeys.Billing, KieKeyEffect.DisableNoCredits, AlertAdmins: true),

        // Usage cap of a (sub-)key: 433, "exceeded the daily limit".
        new("usage-cap", f => Code(f, 433) || Says(f, "exceeded the daily limit", "points used by apikey", "usage limit"),
            FailureClass.RateLimit, Retry: true, UserCanFix: false, FailureTextKeys.RateLimited, KieKeyEffect.UsageCapReached),

        new("rate-limit", f => Code(f, 429, 430) || Says(f, "rate limit", "too many requests", "call frequency is too high"),
            FailureClass.RateLimit, Retry: true, UserCanFix: false, FailureTextKeys.RateLimited, KieKeyEffect.CoolDown),

        new("unauthorized", f => Code(f, 401) || Says(f, "do not have access permissions", "Invalid API Key"),
            FailureClass.Billing, Retry: false, UserCanFix: false, FailureTextKeys.Billing, KieKeyEffect.DisableUnauthorized, AlertAdmins: true),

        // The catalogue names a model KIE does not know (422 "The model name you specified is not supported").
        new("model-not-supported", f => Says(f, "model name") && Says(f, "not supported"),
            FailureClass.Unknown, Retry: false, UserCanFix: false, FailureTextKeys.Unknown, AlertAdmins: true),

        // A task is briefly invisible right after creation: "recordInfo is null" (observed) or 404 "Task not found" (documented).
        new("task-not-visible-yet", f => f.Operation == KieOperation.QueryTask && (Says(f, "recordInfo is null") || Code(f, 404)),
            FailureClass.Temporary, Retry: true, UserCanFix: false, FailureTextKeys.Temporary),

        // Veo's 1080p/4k video is made after the base video: "1080P is processing ... check back shortly".
        new("still-processing", f => Says(f, "is processing", "check back shortly"),
            FailureClass.Temporary, Retry: true, UserCanFix: false, FailureTextKeys.Temporary),

        // A required model input is missing (observed as 500 "aspect_ratio is required"): the user can choose
        // other parameters, and an admin should give the catalogue a default.
        new("missing-input", f => Says(f, "is required"),
            FailureClass.UserViolation, Retry: false, UserCanFix: true, FailureTextKeys.InvalidInput, AlertAdmins: true),

        new("download-url-refused", f => f.Operation == KieOperation.DownloadUrl && Code(f, 422),
            FailureClass.Unknown, Retry: false, UserCanFix: false, FailureTextKeys.Unknown, AlertAdmins: true),

        new("bad-request", f => Code(f, 400, 413, 422),
            FailureClass.UserViolation, Retry: false, UserCanFix: true, FailureTextKeys.InvalidInput),

        new("upstream-timeout", f => Code(f, 408),
            FailureClass.Temporary, Retry: true, UserCanFix: false, FailureTextKeys.TimedOut),

        new("feature-disabled", f => Code(f, 505),
            FailureClass.Unknown, Retry: false, UserCanFix: false, FailureTextKeys.Unknown, AlertAdmins: true),

        // 455 maintenance, 500 server error, 501 generation failed, 531 failed and refunded (Suno), 550 queue full (4o), any 5xx.
        new("server-or-generation-failure", f => f.Code is >= 500 and <= 599 || Code(f, 455),
            FailureClass.Temporary, Retry: true, UserCanFix: false, FailureTextKeys.Temporary),

        new("generation-failed-text-code", f => TextCodeIs(f, "CREATE_TASK_FAILED", "GENERATE_AUDIO_FAILED", "GENERATE_FAILED", "CALLBACK_EXCEPTION"),
            FailureClass.Temporary, Retry: true, UserCanFix: false, FailureTextKeys.Temporary),

        // 403 (IP whitelist, Cloudflare 1010), 404 off the status query, 405, 409, and anything unseen.
        new("unknown", _ => true,
            FailureClass.Unknown, Retry: false, UserCanFix: false, FailureTextKeys.Unknown, AlertAdmins: true),
    ];

    /// <summary>The names of the table's rows, in order (for docs and tests).</summary>
    public static IReadOnlyList<string> RuleNames { get; } = Table.Select(r => r.Name).ToArray();

    public static KieFailureClassification Classify(KieFailureEvidence evidence)
    {
        var facts = new Facts(
            evidence.Operation,
            evidence.Kind,
            evidence.EffectiveCode,
            evidence.TextCode,
            evidence.EffectiveMessage ?? string.Empty);

        var row = Table.First(r => r.Matches(facts));
        var uncertain = evidence.Operation == KieOperation.CreateTask
            && (evidence.Kind == KieAnswerKind.Timeout || (evidence.Kind == KieAnswerKind.TransportError && evidence.RequestSent));

        return new KieFailureClassification(row.Class, row.Retry, row.UserCanFix, row.TextKey, row.KeyEffect, row.AlertAdmins, row.Name)
        {
            OutcomeUncertain = uncertain,
        };
    }
}
