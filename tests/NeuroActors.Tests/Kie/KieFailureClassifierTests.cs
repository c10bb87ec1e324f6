using System.Net;
using NeuroActors.Domain.Catalog;
using NeuroActors.Domain.Failures;
using NeuroActors.Domain.Kie;
using NeuroActors.Kie;

namespace NeuroActors.Tests.Kie;

/// <summary>
/// Every code and text of kie-api.md, sent through the real client (HTTP status + body), must land in its class.
/// </summary>
public sealed class KieFailureClassifierTests
{
    private const string TaskId = "5d57f1c9920d9408219917ede8adbb9e";

    // (case, operation, HTTP status, body as the contract quotes it, class, retry, user can fix, text key, key effect)
    public static TheoryData<string, KieOperation, int, string, FailureClass, bool, bool, string, KieKeyEffect> EnvelopeFailures => new()
    {
        // Section 1 and 3.1: createTask
        { "missing or bad key", KieOperation.CreateTask, 200, """{"code":401,"msg":"You do not have access permissions"}""", FailureClass.Billing, false, false, FailureTextKeys.Billing, KieKeyEffect.DisableUnauthorized },
        { "insufficient credits", KieOperation.CreateTask, 200, """{"code":402,"msg":"The current credits are insufficient. Please top up.","data":null}""", FailureClass.Billing, false, false, FailureTextKeys.Billing, KieKeyEffect.DisableNoCredits },
        { "daily limit of a key", KieOperation.CreateTask, 200, """{"code":433,"msg":"The current number of points used by apiKey has exceeded the daily limit","data":null}""", FailureClass.RateLimit, true, false, FailureTextKeys.RateLimited, KieKeyEffect.UsageCapReached },
        { "unknown model", KieOperation.CreateTask, 200, """{"code":422,"msg":"The model name you specified is not supported…","data":null}""", FailureClass.Unknown, false, false, FailureTextKeys.Unknown, KieKeyEffect.None },
        { "missing required input observed as 500", KieOperation.CreateTask, 200, """{"code":500,"msg":"aspect_ratio is required"}""", FailureClass.UserViolation, false, true, FailureTextKeys.InvalidInput, KieKeyEffect.None },
        { "rate limited in the body", KieOperation.CreateTask, 200, """{"code":429,"msg":"Rate limit exceeded"}""", FailureClass.RateLimit, true, false, FailureTextKeys.RateLimited, KieKeyEffect.CoolDown },
        { "rate limited by HTTP status", KieOperation.CreateTask, 429, """{"code":429,"msg":"Rate limit exceeded"}""", FailureClass.RateLimit, true, false, FailureTextKeys.RateLimited, KieKeyEffect.CoolDown },
        { "HTTP 429 without a JSON body", KieOperation.CreateTask, 429, "Too Many Requests", FailureClass.RateLimit, true, false, FailureTextKeys.RateLimited, KieKeyEffect.CoolDown },
        { "HTTP 401 status", KieOperation.CreateTask, 401, """{"code":401,"msg":"Unauthorized"}""", FailureClass.Billing, false, false, FailureTextKeys.Billing, KieKeyEffect.DisableUnauthorized },
        { "HTTP 402 status", KieOperation.CreateTask, 402, """{"code":402,"msg":"Insufficient Credits"}""", FailureClass.Billing, false, false, FailureTextKeys.Billing, KieKeyEffect.DisableNoCredits },
        { "bad request", KieOperation.CreateTask, 200, """{"code":400,"msg":"Bad request"}""", FailureClass.UserViolation, false, true, FailureTextKeys.InvalidInput, KieKeyEffect.None },
        { "validation error", KieOperation.CreateTask, 200, """{"code":422,"msg":"Validation Error"}""", FailureClass.UserViolation, false, true, FailureTextKeys.InvalidInput, KieKeyEffect.None },
        { "upstream took over 10 minutes", KieOperation.CreateTask, 200, """{"code":408,"msg":"Upstream service issues, no result for over 10 minutes"}""", FailureClass.Temporary, true, false, FailureTextKeys.TimedOut, KieKeyEffect.None },
        { "maintenance", KieOperation.CreateTask, 200, """{"code":455,"msg":"Service Unavailable"}""", FailureClass.Temporary, true, false, FailureTextKeys.Temporary, KieKeyEffect.None },
        { "server error", KieOperation.CreateTask, 200, """{"code":500,"msg":"Server Error - An unexpected error occurred while processing the request","data":null}""", FailureClass.Temporary, true, false, FailureTextKeys.Temporary, KieKeyEffect.None },
        { "generation failed", KieOperation.CreateTask, 200, """{"code":501,"msg":"Generation Failed"}""", FailureClass.Temporary, true, false, FailureTextKeys.Temporary, KieKeyEffect.None },
        { "feature disabled", KieOperation.CreateTask, 200, """{"code":505,"msg":"Feature Disabled"}""", FailureClass.Unknown, false, false, FailureTextKeys.Unknown, KieKeyEffect.None },
        { "HTTP 503 page", KieOperation.CreateTask, 503, "<html><body>Service Unavailable</body></html>", FailureClass.Temporary, true, false, FailureTextKeys.Temporary, KieKeyEffect.None },
        { "Cloudflare 1010 block", KieOperation.CreateTask, 403, "error code: 1010", FailureClass.Unknown, false, false, FailureTextKeys.Unknown, KieKeyEffect.None },
        { "older docs' message key", KieOperation.CreateTask, 200, """{"code":402,"message":"The current credits are insufficient. Please top up."}""", FailureClass.Billing, false, false, FailureTextKeys.Billing, KieKeyEffect.DisableNoCredits },

        // Section 5 and 6.2: family codes at create
        { "Veo content policy", KieOperation.CreateTask, 200, """{"code":400,"msg":"Your prompt was flagged by Website as violating content policies."}""", FailureClass.UserViolation, false, true, FailureTextKeys.ContentPolicy, KieKeyEffect.None },
        { "Veo English only", KieOperation.CreateTask, 200, """{"code":400,"msg":"Only English prompts are supported"}""", FailureClass.UserViolation, false, true, FailureTextKeys.InvalidInput, KieKeyEffect.None },
        { "Veo rejected by Flow", KieOperation.CreateTask, 200, """{"code":422,"msg":"Your request was rejected by Flow(Google). Please try another prompt."}""", FailureClass.UserViolation, false, true, FailureTextKeys.ContentPolicy, KieKeyEffect.None },
        { "Veo 1080p not ready", KieOperation.QueryTask, 200, """{"code":400,"msg":"1080P is processing. It should be ready in 1-2 minutes. Please check back shortly."}""", FailureClass.Temporary, true, false, FailureTextKeys.Temporary, KieKeyEffect.None },
        { "Suno lyrics 429 means no credits", KieOperation.CreateTask, 200, """{"code":429,"msg":"Insufficient credits"}""", FailureClass.Billing, false, false, FailureTextKeys.Billing, KieKeyEffect.DisableNoCredits },
        { "Suno lyrics 430 call frequency", KieOperation.CreateTask, 200, """{"code":430,"msg":"Your call frequency is too high. Please try again later."}""", FailureClass.RateLimit, true, false, FailureTextKeys.RateLimited, KieKeyEffect.CoolDown },
        { "Suno prompt too long", KieOperation.CreateTask, 200, """{"code":413,"msg":"Theme or prompt too long"}""", FailureClass.UserViolation, false, true, FailureTextKeys.PromptTooLong, KieKeyEffect.None },
        { "Suno image fetch", KieOperation.CreateTask, 200, """{"code":451,"msg":"Failed to fetch the image"}""", FailureClass.UserViolation, false, true, FailureTextKeys.BadImage, KieKeyEffect.None },
        { "Suno refunded failure", KieOperation.CreateTask, 200, """{"code":531,"msg":"Generation failed, credits refunded"}""", FailureClass.Temporary, true, false, FailureTextKeys.Temporary, KieKeyEffect.None },
        { "Suno WAV exists", KieOperation.CreateTask, 200, """{"code":409,"msg":"WAV record already exists"}""", FailureClass.Unknown, false, false, FailureTextKeys.Unknown, KieKeyEffect.None },
        { "4o queue full", KieOperation.CreateTask, 200, """{"code":550,"msg":"Connection Denied – queue full"}""", FailureClass.Temporary, true, false, FailureTextKeys.Temporary, KieKeyEffect.None },

        // Section 3.2: recordInfo
        { "missing taskId", KieOperation.QueryTask, 200, """{"code":400,"msg":"taskId parameter is required"}""", FailureClass.Unknown, false, false, FailureTextKeys.Unknown, KieKeyEffect.None },
        { "bad key on query", KieOperation.QueryTask, 200, """{"code":401,"msg":"Unauthorized"}""", FailureClass.Billing, false, false, FailureTextKeys.Billing, KieKeyEffect.DisableUnauthorized },
        { "task not found (docs)", KieOperation.QueryTask, 200, """{"code":404,"msg":"Task not found"}""", FailureClass.Temporary, true, false, FailureTextKeys.Temporary, KieKeyEffect.None },
        { "recordInfo is null (observed)", KieOperation.QueryTask, 200, """{"code":422,"msg":"recordInfo is null","data":null}""", FailureClass.Temporary, true, false, FailureTextKeys.Temporary, KieKeyEffect.None },
        { "query rate limited", KieOperation.QueryTask, 200, """{"code":429,"msg":"Rate limit exceeded"}""", FailureClass.RateLimit, true, false, FailureTextKeys.RateLimited, KieKeyEffect.CoolDown },
        { "query server error", KieOperation.QueryTask, 200, """{"code":500,"msg":"Server Error - An unexpected error occurred while processing the request","data":null}""", FailureClass.Temporary, true, false, FailureTextKeys.Temporary, KieKeyEffect.None },

        // Section 7: common API and uploads
        { "download URL of a foreign file", KieOperation.DownloadUrl, 200, """{"code":422,"msg":"Only KIE generated URLs are supported"}""", FailureClass.Unknown, false, false, FailureTextKeys.Unknown, KieKeyEffect.None },
        { "credit with a bad key", KieOperation.Credit, 200, """{"code":401,"msg":"You do not have access permissions","data":null}""", FailureClass.Billing, false, false, FailureTextKeys.Billing, KieKeyEffect.DisableUnauthorized },
        { "upload without uploadPath", KieOperation.Upload, 200, """{"success":false,"code":400,"msg":"Missing required parameter: uploadPath"}""", FailureClass.Unknown, false, false, FailureTextKeys.Unknown, KieKeyEffect.None },
        { "upload with bad Base64", KieOperation.Upload, 200, """{"success":false,"code":400,"msg":"Base64 decoding failed: Invalid Base64 format"}""", FailureClass.Unknown, false, false, FailureTextKeys.Unknown, KieKeyEffect.None },
        { "upload with a bad key", KieOperation.Upload, 200, """{"success":false,"code":401,"msg":"Authentication failed: Invalid API Key"}""", FailureClass.Billing, false, false, FailureTextKeys.Billing, KieKeyEffect.DisableUnauthorized },
        { "upload server error", KieOperation.Upload, 500, """{"success":false,"code":500,"msg":"Internal Server Error"}""", FailureClass.Temporary, true, false, FailureTextKeys.Temporary, KieKeyEffect.None },
    };

    [Theory]
    [MemberData(nameof(EnvelopeFailures))]
    public async Task Contract_failure_body_is_classified(
        string caseName, KieOperation operation, int httpStatus, string body,
        FailureClass expectedClass, bool retry, bool userCanFix, string textKey, KieKeyEffect keyEffect)
    {
        var failure = await CallAsync(operation, httpStatus, body);

        Assert.NotNull(failure);
        var c = failure.Classification;
        Assert.True(
            (expectedClass, retry, userCanFix, textKey, keyEffect) == (c.Class, c.Retry, c.UserCanFix, c.TextKey, c.KeyEffect),
            $"{caseName}: got {c}");
    }

    // (case, failCode as KIE sends it, failMsg, class, retry, text key)
    public static TheoryData<string, string?, string?, FailureClass, bool, string> TaskFailures => new()
    {
        { "prohibited content (recordInfo docs)", "422", "Invalid prompt: prompt contains prohibited content", FailureClass.UserViolation, false, FailureTextKeys.ContentPolicy },
        { "internal error (failure callback)", "500", "Internal server error", FailureClass.Temporary, true, FailureTextKeys.Temporary },
        { "generation failed", "501", "Generation failed", FailureClass.Temporary, true, FailureTextKeys.Temporary },
        { "policy on a 400", "400", "Your prompt was flagged by Website as violating content policies.", FailureClass.UserViolation, false, FailureTextKeys.ContentPolicy },
        { "Runway moderator", "400", "Your prompt was caught by our AI moderator. Please try a different prompt.", FailureClass.UserViolation, false, FailureTextKeys.ContentPolicy },
        { "Runway NSFW", "400", "The image contains NSFW content, please try another one.", FailureClass.UserViolation, false, FailureTextKeys.ContentPolicy },
        { "Runway inappropriate", "400", "Inappropriate content detected. Please replace the image or video.", FailureClass.UserViolation, false, FailureTextKeys.ContentPolicy },
        { "Suno sensitive words", "SENSITIVE_WORD_ERROR", null, FailureClass.UserViolation, false, FailureTextKeys.ContentPolicy },
        { "Suno audio failed", "GENERATE_AUDIO_FAILED", null, FailureClass.Temporary, true, FailureTextKeys.Temporary },
        { "Suno copyrighted lyrics", "400", "The lyrics contain copyrighted material", FailureClass.UserViolation, false, FailureTextKeys.ContentPolicy },
        { "Suno matches an existing work", "413", "Uploaded audio matches existing work", FailureClass.UserViolation, false, FailureTextKeys.ContentPolicy },
        { "Suno timeout", "408", "Timeout", FailureClass.Temporary, true, FailureTextKeys.TimedOut },
        { "Veo image fetch failed", "400", "Failed to fetch the image. Please check the image URL.", FailureClass.UserViolation, false, FailureTextKeys.BadImage },
        { "failure without a code or text", null, null, FailureClass.Unknown, false, FailureTextKeys.Unknown },
        { "empty strings as on success", "", "", FailureClass.Unknown, false, FailureTextKeys.Unknown },
    };

    [Theory]
    [MemberData(nameof(TaskFailures))]
    public void Failed_task_is_classified_by_its_fail_code_and_message(string caseName, string? failCode, string? failMsg, FailureClass expectedClass, bool retry, string textKey)
    {
        var c = KieFailureClassifier.Classify(KieFailureEvidence.Task(KieOperation.QueryTask, failCode, failMsg));

        Assert.True((expectedClass, retry, textKey) == (c.Class, c.Retry, c.TextKey), $"{caseName}: got {c}");
    }

    [Fact]
    public async Task Refused_connection_is_temporary_and_nothing_was_created()
    {
        var client = KieTestKit.Client(new StubHandler((_, _, _) =>
            throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused")));

        var result = await client.CreateTaskAsync(new KieApiKey(KieTestKit.KeyA), KieCreateRequest.Market("z-image", new() { ["prompt"] = "cat" }));

        Assert.False(result.IsSuccess);
        Assert.Equal(FailureClass.Temporary, result.Failure.Class);
        Assert.True(result.Failure.Classification.Retry);
        Assert.Equal("network", result.Failure.Classification.Rule);
        Assert.False(result.Failure.Classification.OutcomeUncertain);
    }

    [Fact]
    public async Task Connection_broken_after_sending_a_create_leaves_the_outcome_uncertain()
    {
        var client = KieTestKit.Client(new StubHandler((_, _, _) =>
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely")));

        var result = await client.CreateTaskAsync(new KieApiKey(KieTestKit.KeyA), KieCreateRequest.Market("z-image", new() { ["prompt"] = "cat" }));

        Assert.Equal(FailureClass.Temporary, result.Failure!.Class);
        Assert.True(result.Failure.Classification.OutcomeUncertain);
    }

    [Fact]
    public void Create_timeout_is_temporary_with_the_timed_out_text_and_uncertain_outcome()
    {
        var c = KieFailureClassifier.Classify(KieFailureEvidence.Timeout(KieOperation.CreateTask));

        Assert.Equal((FailureClass.Temporary, true, FailureTextKeys.TimedOut, true), (c.Class, c.Retry, c.TextKey, c.OutcomeUncertain));
    }

    [Fact]
    public void Query_timeout_does_not_make_the_outcome_uncertain()
    {
        Assert.False(KieFailureClassifier.Classify(KieFailureEvidence.Timeout(KieOperation.QueryTask)).OutcomeUncertain);
    }

    [Fact]
    public void Task_fail_code_wins_over_the_callback_envelope_code()
    {
        // Market failure callback: envelope 501, task failCode "422" with a policy text.
        var evidence = new KieFailureEvidence(KieOperation.Callback, KieAnswerKind.TaskFailed, BodyCode: 501, Message: "Playground task failed.", FailCode: "422", FailMessage: "Invalid prompt: prompt contains prohibited content");

        Assert.Equal(422, evidence.EffectiveCode);
        Assert.Equal(FailureClass.UserViolation, KieFailureClassifier.Classify(evidence).Class);
    }

    [Fact]
    public void Billing_and_unknown_failures_alert_admins_and_user_violations_do_not()
    {
        Assert.True(KieFailureClassifier.Classify(KieFailureEvidence.Response(KieOperation.CreateTask, 200, 402, "The current credits are insufficient. Please top up.")).AlertAdmins);
        Assert.True(KieFailureClassifier.Classify(KieFailureEvidence.Response(KieOperation.CreateTask, 200, 505, "Feature Disabled")).AlertAdmins);
        Assert.False(KieFailureClassifier.Classify(KieFailureEvidence.Task(KieOperation.QueryTask, "422", "Invalid prompt: prompt contains prohibited content")).AlertAdmins);
    }

    [Fact]
    public void Every_row_of_the_table_is_reached_by_some_contract_case()
    {
        var reached = new HashSet<string>();
        foreach (var row in EnvelopeFailures)
        {
            var evidence = KieFailureEvidence.Response((KieOperation)row[1], (int)row[2], null, null);
            var envelope = System.Text.Json.JsonDocument.Parse(((string)row[3]).StartsWith('{') ? (string)row[3] : "{}").RootElement;
            int? code = envelope.TryGetProperty("code", out var c) ? c.GetInt32() : null;
            string? msg = envelope.TryGetProperty("msg", out var m) ? m.GetString() : envelope.TryGetProperty("message", out var m2) ? m2.GetString() : (string)row[3];
            reached.Add(KieFailureClassifier.Classify(evidence with { BodyCode = code, Message = msg }).Rule);
        }

        foreach (var row in TaskFailures)
        {
            reached.Add(KieFailureClassifier.Classify(KieFailureEvidence.Task(KieOperation.QueryTask, (string?)row[1], (string?)row[2])).Rule);
        }

        reached.Add(KieFailureClassifier.Classify(KieFailureEvidence.Timeout(KieOperation.CreateTask)).Rule);
        reached.Add(KieFailureClassifier.Classify(KieFailureEvidence.Transport(KieOperation.CreateTask, false)).Rule);

        Assert.Empty(KieFailureClassifier.RuleNames.Except(reached));
    }

    private static async Task<KieFailure?> CallAsync(KieOperation operation, int httpStatus, string body)
    {
        var client = KieTestKit.Client(StubHandler.Json(httpStatus, body));
        var key = new KieApiKey(KieTestKit.KeyA);
        return operation switch
        {
            KieOperation.CreateTask => (await client.CreateTaskAsync(key, KieCreateRequest.Market("sora-2-text-to-video", new() { ["prompt"] = "x" }))).Failure,
            KieOperation.QueryTask => (await client.GetTaskAsync(key, ApiFamily.Market, TaskId)).Failure,
            KieOperation.Credit => (await client.GetCreditsAsync(key)).Failure,
            KieOperation.DownloadUrl => (await client.GetDownloadUrlAsync(key, "https://example.com/a.png")).Failure,
            KieOperation.Upload => (await client.UploadBase64Async(key, new KieBase64Upload("aGVsbG8=", "images/test"))).Failure,
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };
    }
}
