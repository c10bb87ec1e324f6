namespace NeuroActors.Domain.Failures;

/// <summary>The five classes every KIE failure falls into (DESIGN.md, "Failure classes").</summary>
public enum FailureClass
{
    UserViolation,
    Billing,
    RateLimit,
    Temporary,
    Unknown,
}

/// <summary>Keys of the texts a user reads about a failure; the texts themselves live with the other user texts.</summary>
public static class FailureTextKeys
{
    public const string ContentPolicy = "failure.content_policy";
    public const string InvalidInput = "failure.invalid_input";
    public const string BadImage = "failure.bad_image";
    public const string PromptTooLong = "failure.prompt_too_long";
    public const string Billing = "failure.billing";
    public const string RateLimited = "failure.rate_limited";
    public const string Temporary = "failure.temporary";
    public const string TimedOut = "failure.timed_out";
    public const string Unknown = "failure.unknown";
}
