namespace NeuroActors.Sandbox.Kie;

/// <summary>The texts of KIE answers, quoted from kie-api.md (sections 1, 3, 4, 6, 7); the few it does not quote are marked.</summary>
public static class KieMessages
{
    public const string Success = "success";
    public const string NoAccess = "You do not have access permissions";
    public const string ModelNotSupported = "The model name you specified is not supported";
    public const string InsufficientCredits = "The current credits are insufficient. Please top up.";
    public const string RateLimited = "Rate limit exceeded";
    public const string DailyLimit = "The current number of points used by apiKey has exceeded the daily limit";
    public const string ServerError = "Server Error - An unexpected error occurred while processing the request";
    public const string TaskIdRequired = "taskId parameter is required";
    public const string RecordInfoIsNull = "recordInfo is null";

    // 455, 505, 501 and 400 have only the code table's wording in the contract; the sandbox answers that wording.
    public const string Maintenance = "Service Unavailable";
    public const string FeatureDisabled = "Feature Disabled";
    public const string GenerationFailed = "Generation Failed";
    public const string BadRequest = "Bad Request";
    public const string ValidationError = "Validation Error";

    public const string ContentPolicyFailMsg = "Invalid prompt: prompt contains prohibited content";
    public const string MarketCallbackSuccess = "Playground task completed successfully.";
    public const string MarketCallbackFailure = "Playground task failed.";

    public const string VeoCallbackSuccess = "Veo3.1 video generated successfully.";
    public const string VeoContentPolicy = "Your prompt was flagged by Website as violating content policies.";

    public const string RunwayCallbackSuccess = "All generated successfully.";

    // The contract quotes Runway's moderation texts only by their start; the sandbox sends that start as a sentence.
    public const string RunwayContentPolicy = "Your prompt was caught by our AI moderator.";

    public const string FluxCallbackSuccess = "BFL image generated successfully.";

    // Flux Kontext's callback page names code 400 "prompt flagged as violating content policies" without quoting a text.
    public const string FluxContentPolicy = "Your prompt was flagged by Website as violating content policies.";

    public const string SunoCallbackComplete = "All generated successfully.";
    public const string SunoCallbackFailure = "Audio generation failed";

    public const string UploadSuccess = "File uploaded successfully";
    public const string UploadBadKey = "Authentication failed: Invalid API Key";
    public const string UploadPathMissing = "Missing required parameter: uploadPath";
    public const string UploadBadBase64 = "Base64 decoding failed: Invalid Base64 format";

    /// <summary>The msg KIE sends with an envelope code.</summary>
    public static string ForCode(int code) => code switch
    {
        200 => Success,
        400 => BadRequest,
        401 => NoAccess,
        402 => InsufficientCredits,
        422 => RecordInfoIsNull,
        429 => RateLimited,
        433 => DailyLimit,
        455 => Maintenance,
        501 => GenerationFailed,
        505 => FeatureDisabled,
        _ => ServerError,
    };

    /// <summary>A key as logs and the control API may show it: its last 4 characters.</summary>
    public static string MaskKey(string key) => key.Length <= 4 ? "****" : "****" + key[^4..];
}
