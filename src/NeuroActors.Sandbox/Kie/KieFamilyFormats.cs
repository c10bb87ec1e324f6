using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using NeuroActors.Domain.Catalog;

namespace NeuroActors.Sandbox.Kie;

/// <summary>A callback to deliver: its kind ("complete", or Suno's "text"/"first") and body.</summary>
internal sealed record KieCallback(string Kind, JsonObject Body);

/// <summary>The shapes each API family gives its records and callbacks (kie-api.md sections 3.2, 4.2, 5.1-5.5).</summary>
internal static class KieFamilyFormats
{
    /// <summary>The URLs a successful task's result lives at, served by the simulator under /sim-files.</summary>
    public static List<string> ResultUrls(KieTask task)
    {
        var count = task.Model.Family switch
        {
            ApiFamily.Suno => 2,
            ApiFamily.Veo or ApiFamily.Runway or ApiFamily.FluxKontext => 1,
            ApiFamily.Gpt4oImage => RequestedCount(task.Request, "nVariants"),
            _ when task.Model.Kind == KieResultKind.Text => 1,
            _ => RequestedCount(task.Request["input"] as JsonObject, "num_images", "max_images", "n"),
        };
        var extension = KieSampleMedia.Extension(task.Model.Kind);
        return [.. Enumerable.Range(0, count).Select(i => $"{task.BaseUrl}/sim-files/{task.Id}/{i}.{extension}")];
    }

    /// <summary>The record the status route answers in <c>data</c>, or null while the task is still unrecorded.</summary>
    public static JsonObject RecordData(KieTask task, int progress) => task.Model.Family switch
    {
        ApiFamily.Veo => VeoRecord(task),
        ApiFamily.Suno => SunoRecord(task),
        ApiFamily.Runway => RunwayRecord(task),
        ApiFamily.Gpt4oImage => Gpt4oRecord(task, progress),
        ApiFamily.FluxKontext => FluxRecord(task),
        _ => MarketRecord(task, progress),
    };

    /// <summary>The callbacks due when a task enters <paramref name="phase"/>; empty when none is.</summary>
    public static IReadOnlyList<KieCallback> CallbacksOn(KieTask task, KieTaskPhase phase)
    {
        if (task.Model.Family == ApiFamily.Suno)
        {
            return phase switch
            {
                KieTaskPhase.Queuing => [new KieCallback("text", SunoCallback(task, "text"))],
                KieTaskPhase.Generating => [new KieCallback("first", SunoCallback(task, "first"))],
                KieTaskPhase.Success => [new KieCallback("complete", SunoCallback(task, "complete"))],
                KieTaskPhase.Fail => [new KieCallback("error", SunoCallback(task, "error"))],
                _ => [],
            };
        }

        if (phase is not (KieTaskPhase.Success or KieTaskPhase.Fail))
        {
            return [];
        }

        var body = task.Model.Family switch
        {
            ApiFamily.Veo => VeoCallback(task),
            ApiFamily.Runway => RunwayCallback(task),
            ApiFamily.Gpt4oImage => Gpt4oCallback(task),
            ApiFamily.FluxKontext => FluxCallback(task),
            _ => MarketCallback(task),
        };
        return [new KieCallback("complete", body)];
    }

    // ---- market (jobs/createTask) ----

    private static JsonObject MarketRecord(KieTask task, int progress)
    {
        var data = new JsonObject
        {
            ["taskId"] = task.Id,
            ["model"] = task.Model.Id,
            ["state"] = MarketState(task.Phase),
            ["param"] = task.ParamJson,
            ["resultJson"] = task.Phase == KieTaskPhase.Success ? MarketResultJson(task) : "",
            ["failCode"] = task.FailCode,
            ["failMsg"] = task.FailMsg,
            ["costTime"] = CostSeconds(task),
            ["completeTime"] = KieJson.UnixMs(task.CompletedAt),
            ["createTime"] = KieJson.UnixMs(task.CreatedAt),
            ["updateTime"] = KieJson.UnixMs(task.UpdatedAt),
        };
        if (task.Model.ReportsProgress)
        {
            data["progress"] = progress;
        }

        return data;
    }

    private static JsonObject MarketCallback(KieTask task)
    {
        var success = task.Phase == KieTaskPhase.Success;
        var data = MarketRecord(task, success ? 100 : task.FinalProgress ?? 0);
        data.Remove("progress");
        data["resultJson"] = success ? MarketResultJson(task) : null;
        data["consumeCredits"] = task.Charged;
        data["remainedCredits"] = task.BalanceAfter;
        data["creditsConsumed"] = task.Charged;
        return new JsonObject
        {
            ["code"] = success ? 200 : 501,
            ["msg"] = success ? KieMessages.MarketCallbackSuccess : KieMessages.MarketCallbackFailure,
            ["data"] = data,
        };
    }

    private static string MarketResultJson(KieTask task)
    {
        var result = new JsonObject { ["resultUrls"] = Strings(task.ResultUrls) };
        if (task.Model.Kind == KieResultKind.Text)
        {
            // Text models answer resultObject (kie-api.md 3.2); the same text is also a .txt file, for clients that want URLs.
            result["resultObject"] = new JsonObject { ["text"] = KieSampleMedia.Transcript };
        }

        if (task.Model.HasWatermarkUrls)
        {
            result["resultWaterMarkUrls"] = Strings(task.ResultUrls.Select(u => u.Replace(".mp4", "-watermarked.mp4", StringComparison.Ordinal)));
        }

        return result.ToJsonString(KieJson.Options);
    }

    private static string MarketState(KieTaskPhase phase) => phase switch
    {
        KieTaskPhase.Queuing => "queuing",
        KieTaskPhase.Generating => "generating",
        KieTaskPhase.Success => "success",
        KieTaskPhase.Fail => "fail",
        _ => "waiting",
    };

    // ---- Veo 3.1 ----

    private static JsonObject VeoRecord(KieTask task) => new()
    {
        ["taskId"] = task.Id,
        ["paramJson"] = task.ParamJson,
        ["completeTime"] = task.CompletedAt is { } completed ? VeoTime(completed) : null,
        ["createTime"] = VeoTime(task.CreatedAt),
        ["response"] = task.Phase == KieTaskPhase.Success ? VeoResponse(task) : null,
        ["successFlag"] = task.Phase switch
        {
            KieTaskPhase.Success => 1,
            KieTaskPhase.Fail => task.FailCode == "422" ? 2 : 3,
            _ => 0,
        },
        ["errorCode"] = task.Phase == KieTaskPhase.Fail ? VeoFailureCode(task) : null,
        ["errorMessage"] = task.Phase == KieTaskPhase.Fail ? VeoFailureMessage(task) : null,
        ["fallbackFlag"] = false,
    };

    private static JsonObject VeoResponse(KieTask task) => new()
    {
        ["taskId"] = task.Id,
        ["resultUrls"] = Strings(task.ResultUrls),
        ["originUrls"] = new JsonArray(),
        ["fullResultUrls"] = Strings(task.ResultUrls),
        ["resolution"] = VeoResolution(task),
    };

    private static JsonObject VeoCallback(KieTask task)
    {
        if (task.Phase == KieTaskPhase.Success)
        {
            return new JsonObject
            {
                ["code"] = 200,
                ["msg"] = KieMessages.VeoCallbackSuccess,
                ["data"] = new JsonObject
                {
                    ["taskId"] = task.Id,
                    ["promptJson"] = task.ParamJson,
                    ["info"] = new JsonObject
                    {
                        ["resultUrls"] = Strings(task.ResultUrls),
                        ["originUrls"] = new JsonArray(),
                        ["resolution"] = VeoResolution(task),
                    },
                    ["fallbackFlag"] = false,
                },
            };
        }

        return new JsonObject
        {
            ["code"] = VeoFailureCode(task),
            ["msg"] = VeoFailureMessage(task),
            ["data"] = new JsonObject { ["taskId"] = task.Id, ["fallbackFlag"] = false },
        };
    }

    private static int VeoFailureCode(KieTask task) => task.FailCode == "422" ? 400 : 501;

    private static string VeoFailureMessage(KieTask task) =>
        task.FailCode == "422" ? KieMessages.VeoContentPolicy : KieMessages.GenerationFailed;

    private static string VeoResolution(KieTask task) => task.Request["resolution"]?.ToString() ?? "720p";

    private static string VeoTime(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    // ---- Suno ----

    private static JsonObject SunoRecord(KieTask task)
    {
        var failed = task.Phase == KieTaskPhase.Fail;
        return new JsonObject
        {
            ["taskId"] = task.Id,
            ["parentMusicId"] = "",
            ["param"] = task.ParamJson,
            ["response"] = task.Phase is KieTaskPhase.Waiting or KieTaskPhase.Unrecorded || failed
                ? null
                : new JsonObject { ["taskId"] = task.Id, ["sunoData"] = SunoTracks(task, camelCase: true) },
            ["status"] = task.Phase switch
            {
                KieTaskPhase.Queuing => "TEXT_SUCCESS",
                KieTaskPhase.Generating => "FIRST_SUCCESS",
                KieTaskPhase.Success => "SUCCESS",
                KieTaskPhase.Fail => task.FailCode == "422" ? "SENSITIVE_WORD_ERROR" : "GENERATE_AUDIO_FAILED",
                _ => "PENDING",
            },
            ["type"] = "GENERATE",
            ["errorCode"] = failed ? SunoFailureCode(task) : null,
            ["errorMessage"] = failed ? task.FailMsg : null,
        };
    }

    private static JsonObject SunoCallback(KieTask task, string callbackType)
    {
        if (callbackType == "error")
        {
            var policy = task.FailCode == "422";
            return new JsonObject
            {
                ["code"] = SunoFailureCode(task),
                ["msg"] = policy ? task.FailMsg : KieMessages.SunoCallbackFailure,
                ["data"] = new JsonObject { ["callbackType"] = "error", ["task_id"] = task.Id, ["data"] = null },
            };
        }

        // The contract quotes only the "complete" msg; the intermediate callbacks carry the generic "success".
        return new JsonObject
        {
            ["code"] = 200,
            ["msg"] = callbackType == "complete" ? KieMessages.SunoCallbackComplete : KieMessages.Success,
            ["data"] = new JsonObject
            {
                ["callbackType"] = callbackType,
                ["task_id"] = task.Id,
                ["data"] = SunoTracks(task, camelCase: false),
            },
        };
    }

    private static int SunoFailureCode(KieTask task) => task.FailCode == "422" ? 400 : 501;

    /// <summary>Two tracks, as Suno makes; audio appears for the first track at FIRST_SUCCESS and for both at SUCCESS.</summary>
    private static JsonArray SunoTracks(KieTask task, bool camelCase)
    {
        var tracks = new JsonArray();
        var prompt = task.Request["prompt"]?.ToString() ?? "";
        var title = task.Request["title"]?.ToString() ?? "";
        var tags = task.Request["style"]?.ToString() ?? "";
        var modelName = "chirp-" + task.Model.Id.ToLowerInvariant().Replace('_', '-');
        for (var i = 0; i < 2; i++)
        {
            var audioReady = task.Phase == KieTaskPhase.Success || (task.Phase == KieTaskPhase.Generating && i == 0);
            var audioUrl = audioReady ? $"{task.BaseUrl}/sim-files/{task.Id}/{i}.mp3" : "";
            var imageUrl = task.Phase is KieTaskPhase.Generating or KieTaskPhase.Success ? $"{task.BaseUrl}/sim-files/{task.Id}/cover-{i}.png" : "";
            tracks.Add(new JsonObject
            {
                ["id"] = TrackId(task.Id, i),
                [camelCase ? "audioUrl" : "audio_url"] = audioUrl,
                [camelCase ? "streamAudioUrl" : "stream_audio_url"] = audioUrl,
                [camelCase ? "imageUrl" : "image_url"] = imageUrl,
                ["prompt"] = prompt,
                [camelCase ? "modelName" : "model_name"] = modelName,
                ["title"] = title,
                ["tags"] = tags,
                ["createTime"] = KieJson.UnixMs(task.CreatedAt),
                ["duration"] = audioReady ? 2.0 : null,
            });
        }

        return tracks;
    }

    private static string TrackId(string taskId, int index)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{taskId}/{index}"));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }

    // ---- Runway (record-detail) ----

    private static JsonObject RunwayRecord(KieTask task)
    {
        var success = task.Phase == KieTaskPhase.Success;
        var failed = task.Phase == KieTaskPhase.Fail;
        return new JsonObject
        {
            ["taskId"] = task.Id,
            ["parentTaskId"] = "",
            ["generateParam"] = new JsonObject
            {
                ["prompt"] = task.Request["prompt"]?.DeepClone(),
                ["imageUrl"] = task.Request["imageUrl"]?.DeepClone() ?? "",
                ["expandPrompt"] = false,
            },
            ["state"] = task.Phase switch
            {
                KieTaskPhase.Queuing => "queueing",
                KieTaskPhase.Generating => "generating",
                KieTaskPhase.Success => "success",
                KieTaskPhase.Fail => "fail",
                _ => "wait",
            },
            ["generateTime"] = VeoTime(task.CreatedAt),
            ["videoInfo"] = success
                ? new JsonObject
                {
                    ["videoId"] = RunwayVideoId(task),
                    ["taskId"] = task.Id,
                    ["videoUrl"] = task.ResultUrls.FirstOrDefault(),
                    ["imageUrl"] = RunwayCoverUrl(task),
                }
                : null,
            ["failCode"] = failed ? RunwayFailureCode(task) : null,
            ["failMsg"] = failed ? RunwayFailureMessage(task) : null,
            ["expireFlag"] = 0,
        };
    }

    private static JsonObject RunwayCallback(KieTask task) => task.Phase == KieTaskPhase.Success
        ? new JsonObject
        {
            ["code"] = 200,
            ["msg"] = KieMessages.RunwayCallbackSuccess,
            ["data"] = new JsonObject
            {
                ["task_id"] = task.Id,
                ["video_id"] = RunwayVideoId(task),
                ["video_url"] = task.ResultUrls.FirstOrDefault(),
                ["image_url"] = RunwayCoverUrl(task),
            },
        }
        : new JsonObject
        {
            ["code"] = RunwayFailureCode(task),
            ["msg"] = RunwayFailureMessage(task),
            ["data"] = new JsonObject { ["task_id"] = task.Id, ["video_id"] = "", ["video_url"] = "", ["image_url"] = "" },
        };

    private static int RunwayFailureCode(KieTask task) => task.FailCode == "422" ? 400 : 501;

    private static string RunwayFailureMessage(KieTask task) =>
        task.FailCode == "422" ? KieMessages.RunwayContentPolicy : KieMessages.GenerationFailed;

    private static string RunwayVideoId(KieTask task) => TrackId(task.Id, 0);

    private static string RunwayCoverUrl(KieTask task) => $"{task.BaseUrl}/sim-files/{task.Id}/cover-0.png";

    // ---- 4o Image ----

    private static JsonObject Gpt4oRecord(KieTask task, int progress)
    {
        var failed = task.Phase == KieTaskPhase.Fail;
        return new JsonObject
        {
            ["taskId"] = task.Id,
            ["paramJson"] = task.ParamJson,
            ["completeTime"] = KieJson.UnixMs(task.CompletedAt),
            ["response"] = task.Phase == KieTaskPhase.Success ? new JsonObject { ["resultUrls"] = Strings(task.ResultUrls) } : null,
            ["successFlag"] = task.Phase switch
            {
                KieTaskPhase.Success => 1,
                KieTaskPhase.Fail => 2,
                _ => 0,
            },
            ["status"] = task.Phase switch
            {
                KieTaskPhase.Success => "SUCCESS",
                KieTaskPhase.Fail => "GENERATE_FAILED",
                _ => "GENERATING",
            },
            ["errorCode"] = failed ? Gpt4oFailureCode(task) : null,
            ["errorMessage"] = failed ? task.FailMsg : null,
            ["createTime"] = KieJson.UnixMs(task.CreatedAt),
            ["progress"] = (progress / 100m).ToString("0.00", CultureInfo.InvariantCulture),
        };
    }

    private static JsonObject Gpt4oCallback(KieTask task) => task.Phase == KieTaskPhase.Success
        ? new JsonObject
        {
            ["code"] = 200,
            ["msg"] = KieMessages.Success,
            ["data"] = new JsonObject { ["taskId"] = task.Id, ["info"] = new JsonObject { ["result_urls"] = Strings(task.ResultUrls) } },
        }
        : new JsonObject
        {
            ["code"] = Gpt4oFailureCode(task),
            ["msg"] = task.FailMsg,
            ["data"] = new JsonObject { ["taskId"] = task.Id, ["info"] = null },
        };

    /// <summary>4o documents 400 (policy) and 500 (failed) callback codes; it has no 501.</summary>
    private static int Gpt4oFailureCode(KieTask task) => task.FailCode == "422" ? 400 : 500;

    // ---- Flux Kontext ----

    private static JsonObject FluxRecord(KieTask task)
    {
        var failed = task.Phase == KieTaskPhase.Fail;
        return new JsonObject
        {
            ["taskId"] = task.Id,
            ["paramJson"] = task.ParamJson,
            ["completeTime"] = task.CompletedAt is { } completed ? IsoTime(completed) : null,
            ["response"] = task.Phase == KieTaskPhase.Success ? FluxInfo(task) : null,
            // 2 CREATE_TASK_FAILED: the prompt was refused; 3 GENERATE_FAILED: created, then failed.
            ["successFlag"] = task.Phase switch
            {
                KieTaskPhase.Success => 1,
                KieTaskPhase.Fail => task.FailCode == "422" ? 2 : 3,
                _ => 0,
            },
            ["errorCode"] = failed ? FluxFailureCode(task) : null,
            ["errorMessage"] = failed ? FluxFailureMessage(task) : "",
            ["createTime"] = IsoTime(task.CreatedAt),
        };
    }

    private static JsonObject FluxCallback(KieTask task) => task.Phase == KieTaskPhase.Success
        ? new JsonObject
        {
            ["code"] = 200,
            ["msg"] = KieMessages.FluxCallbackSuccess,
            ["data"] = new JsonObject { ["taskId"] = task.Id, ["info"] = FluxInfo(task) },
        }
        : new JsonObject
        {
            ["code"] = FluxFailureCode(task),
            ["msg"] = FluxFailureMessage(task),
            ["data"] = new JsonObject { ["taskId"] = task.Id, ["info"] = null },
        };

    /// <summary>originImageUrl is the unprocessed image (valid 10 minutes at KIE); resultImageUrl the one to keep.</summary>
    private static JsonObject FluxInfo(KieTask task) => new()
    {
        ["originImageUrl"] = $"{task.BaseUrl}/sim-files/{task.Id}/origin-0.png",
        ["resultImageUrl"] = task.ResultUrls.FirstOrDefault(),
    };

    private static int FluxFailureCode(KieTask task) => task.FailCode == "422" ? 400 : 501;

    private static string FluxFailureMessage(KieTask task) =>
        task.FailCode == "422" ? KieMessages.FluxContentPolicy : KieMessages.GenerationFailed;

    private static string IsoTime(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    // ---- shared ----

    private static int? CostSeconds(KieTask task) =>
        task.CompletedAt is { } completed ? (int)Math.Round((completed - task.CreatedAt).TotalSeconds) : null;

    /// <summary>How many results a request asks for (market num_images / max_images / n, 4o nVariants), 1 to 4.</summary>
    private static int RequestedCount(JsonObject? input, params string[] fields)
    {
        foreach (var field in fields)
        {
            if (input?[field] is JsonValue value
                && (value.TryGetValue<int>(out var n) || (value.TryGetValue<string>(out var s) && int.TryParse(s, CultureInfo.InvariantCulture, out n))))
            {
                return Math.Clamp(n, 1, 4);
            }
        }

        return 1;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
}
