using System.Globalization;
using System.Text.Json;
using NeuroActors.Domain.Catalog;
using NeuroActors.Domain.Kie;

namespace NeuroActors.Kie;

/// <summary>
/// Reads a task's status, from a status query's <c>data</c> or from a callback body, into one <see cref="KieTaskOutcome"/>
/// per family (kie-api.md sections 3.2, 4.2, 5).
/// </summary>
public static class KieTaskParser
{
    /// <summary>Reads the <c>data</c> of a status query (recordInfo, record-info, record-detail).</summary>
    public static KieTaskOutcome ParseRecord(ApiFamily family, JsonElement data, string taskId) => family switch
    {
        ApiFamily.Market => Market(data, taskId, KieOperation.QueryTask),
        ApiFamily.Veo => SuccessFlagged(family, data, taskId, r => Urls(r, "resultUrls", "fullResultUrls", "originUrls")),
        ApiFamily.Suno => SunoRecord(data, taskId),
        ApiFamily.Runway => RunwayRecord(data, taskId),
        ApiFamily.Gpt4oImage => SuccessFlagged(family, data, taskId, r => Urls(r, "resultUrls", "result_urls")),
        ApiFamily.FluxKontext => SuccessFlagged(family, data, taskId, r => Urls(r, "resultImageUrl")),
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, null),
    };

    /// <summary>Reads a whole callback body; null when it names no task.</summary>
    public static KieTaskOutcome? ParseCallback(ApiFamily family, JsonElement root)
    {
        if (KieCallbackTaskId.Find(root) is not { } taskId)
        {
            return null;
        }

        var code = root.Int("code");
        var message = root.Str("msg") ?? root.Str("message");
        var data = root.Obj("data") ?? default;

        if (family == ApiFamily.Market)
        {
            // The market callback's data is the status record itself; code 501 marks a failure.
            var outcome = Market(data, taskId, KieOperation.Callback);
            if (outcome.Phase == KieTaskPhase.Pending && code is { } c && c != 200)
            {
                return Failed(outcome, KieOperation.Callback, c.ToString(CultureInfo.InvariantCulture), message);
            }

            return outcome;
        }

        if (family == ApiFamily.Suno)
        {
            return SunoCallback(root, data, taskId, code, message);
        }

        if (code is not 200)
        {
            var failed = new KieTaskOutcome(family, taskId, KieTaskPhase.Pending, $"code={code}", []);
            return Failed(failed, KieOperation.Callback, code?.ToString(CultureInfo.InvariantCulture), message);
        }

        var info = data.Obj("info") ?? data;
        var urls = family switch
        {
            ApiFamily.Veo => Urls(info, "resultUrls", "originUrls"),
            ApiFamily.Runway => Urls(data, "video_url", "videoUrl"),
            ApiFamily.Gpt4oImage => Urls(info, "result_urls", "resultUrls"),
            ApiFamily.FluxKontext => Urls(info, "resultImageUrl"),
            _ => [],
        };
        return new KieTaskOutcome(family, taskId, KieTaskPhase.Succeeded, "code=200", urls);
    }

    private static KieTaskOutcome Market(JsonElement data, string taskId, KieOperation operation)
    {
        var state = data.Str("state");
        var phase = state?.ToLowerInvariant() switch
        {
            "success" => KieTaskPhase.Succeeded,
            "fail" or "failed" => KieTaskPhase.Failed,
            _ => KieTaskPhase.Pending,
        };

        var result = data.Embedded("resultJson");
        var outcome = new KieTaskOutcome(ApiFamily.Market, data.Str("taskId") ?? taskId, KieTaskPhase.Pending, state,
            result is { } r ? r.StrList("resultUrls") : [])
        {
            WatermarkedUrls = result is { } w ? w.StrList("resultWaterMarkUrls") : [],
            ResultObjectJson = result?.Prop("resultObject")?.GetRawText(),
            Model = data.Str("model"),
            Progress = data.Int("progress"),
            CreatedAt = data.Time("createTime"),
            CompletedAt = data.Time("completeTime"),
            CreditsConsumed = data.Dec("creditsConsumed") ?? data.Dec("consumeCredits"),
            RemainingCredits = data.Dec("remainedCredits"),
        };

        return phase switch
        {
            KieTaskPhase.Failed => Failed(outcome, operation, data.Str("failCode"), data.Str("failMsg")),
            _ => outcome with { Phase = phase },
        };
    }

    /// <summary>Veo, 4o Image and Flux Kontext: <c>successFlag</c> 0 generating, 1 success, 2/3 failed; results under <c>response</c>.</summary>
    private static KieTaskOutcome SuccessFlagged(ApiFamily family, JsonElement data, string taskId, Func<JsonElement, IReadOnlyList<string>> urls)
    {
        var flag = data.Int("successFlag");
        var response = data.Obj("response");
        var outcome = new KieTaskOutcome(family, data.Str("taskId") ?? taskId, KieTaskPhase.Pending,
            data.Str("status") ?? $"successFlag={flag?.ToString(CultureInfo.InvariantCulture) ?? "?"}",
            response is { } r ? urls(r) : [])
        {
            Progress = Percent(data.Prop("progress")),
            CreatedAt = data.Time("createTime"),
            CompletedAt = data.Time("completeTime"),
        };

        return flag switch
        {
            1 => outcome with { Phase = KieTaskPhase.Succeeded, Progress = outcome.Progress is null ? null : 100 },
            2 or 3 => Failed(outcome, KieOperation.QueryTask, data.Str("errorCode") ?? data.Str("status"), data.Str("errorMessage")),
            _ => outcome,
        };
    }

    private static KieTaskOutcome SunoRecord(JsonElement data, string taskId)
    {
        var status = data.Str("status");
        var tracks = data.Obj("response") is { } response && response.Prop("sunoData") is { ValueKind: JsonValueKind.Array } list
            ? list.EnumerateArray().SelectMany(t => Urls(t, "audioUrl")).ToArray()
            : [];
        var outcome = new KieTaskOutcome(ApiFamily.Suno, data.Str("taskId") ?? taskId, KieTaskPhase.Pending, status, tracks)
        {
            CreatedAt = data.Time("createTime"),
        };

        switch (status?.ToUpperInvariant())
        {
            case "SUCCESS":
                return outcome with { Phase = KieTaskPhase.Succeeded };
            case "PENDING" or "TEXT_SUCCESS" or "FIRST_SUCCESS" or null:
                return outcome;
            case "CALLBACK_EXCEPTION" when tracks.Length > 0:
                // Only the callback to us failed; the music exists.
                return outcome with { Phase = KieTaskPhase.Succeeded };
            case "SENSITIVE_WORD_ERROR":
                return Failed(outcome, KieOperation.QueryTask, status, data.Str("errorMessage"));
            default:
                return Failed(outcome, KieOperation.QueryTask, data.Str("errorCode") ?? status, data.Str("errorMessage"));
        }
    }

    private static KieTaskOutcome SunoCallback(JsonElement root, JsonElement data, string taskId, int? code, string? message)
    {
        var callbackType = data.Str("callbackType");
        var tracks = data.Prop("data") is { ValueKind: JsonValueKind.Array } list
            ? list.EnumerateArray().SelectMany(t => Urls(t, "audio_url", "audioUrl")).ToArray()
            : [];
        var outcome = new KieTaskOutcome(ApiFamily.Suno, taskId, KieTaskPhase.Pending, callbackType, tracks);

        if (code is not 200 || string.Equals(callbackType, "error", StringComparison.OrdinalIgnoreCase))
        {
            return Failed(outcome, KieOperation.Callback, code?.ToString(CultureInfo.InvariantCulture), message ?? root.Str("message"));
        }

        return string.Equals(callbackType, "complete", StringComparison.OrdinalIgnoreCase)
            ? outcome with { Phase = KieTaskPhase.Succeeded }
            : outcome;
    }

    private static KieTaskOutcome RunwayRecord(JsonElement data, string taskId)
    {
        var state = data.Str("state");
        var video = data.Obj("videoInfo");
        var outcome = new KieTaskOutcome(ApiFamily.Runway, data.Str("taskId") ?? taskId, KieTaskPhase.Pending, state,
            video is { } v ? Urls(v, "videoUrl") : [])
        {
            CreatedAt = data.Time("generateTime"),
        };

        return state?.ToLowerInvariant() switch
        {
            "success" => outcome with { Phase = KieTaskPhase.Succeeded },
            "fail" or "failed" => Failed(outcome, KieOperation.QueryTask, data.Str("failCode"), data.Str("failMsg")),
            _ => outcome,
        };
    }

    private static KieTaskOutcome Failed(KieTaskOutcome outcome, KieOperation operation, string? failCode, string? failMessage)
    {
        var evidence = KieFailureEvidence.Task(operation, failCode, failMessage);
        return outcome with
        {
            Phase = KieTaskPhase.Failed,
            FailCode = failCode,
            FailMessage = failMessage,
            Failure = KieFailureClassifier.Classify(evidence),
        };
    }

    private static IReadOnlyList<string> Urls(JsonElement element, params string[] names)
    {
        foreach (var name in names)
        {
            var urls = element.StrList(name);
            if (urls.Count > 0)
            {
                return urls;
            }
        }

        return [];
    }

    /// <summary>Sora's 0-100, or 4o's "0.00"-"1.00".</summary>
    private static int? Percent(JsonElement? value)
    {
        if (value is not { } v || KieJson.AsDecimal(v) is not { } number)
        {
            return null;
        }

        var isFraction = v.ValueKind == JsonValueKind.String && number <= 1m;
        return (int)Math.Clamp(Math.Round(isFraction ? number * 100 : number), 0, 100);
    }
}
