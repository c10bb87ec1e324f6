using System.Text.Json;
using System.Text.Json.Nodes;
using NeuroActors.Domain.Catalog;

namespace NeuroActors.Sandbox.Kie;

/// <summary>The KIE API routes: market jobs, Veo, Suno, Runway, 4o Image, Flux Kontext, credits, download URLs and the result files.</summary>
internal static class KieApiEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        foreach (var info in ApiFamilies.All)
        {
            var family = info.Family;
            routes.MapPost(info.CreatePath, (HttpContext http, KieSimulatorState state, KieTaskRunner runner) =>
                CreateAsync(http, family, state, runner));
            routes.MapGet(info.RecordPath, (HttpContext http, KieSimulatorState state, KieTaskRunner runner) =>
                RecordInfoAsync(http, family, state, runner));
        }

        routes.MapGet("/api/v1/chat/credit", Credit);
        routes.MapPost("/api/v1/common/download-url", DownloadUrlAsync);
        routes.MapGet("/sim-files/{taskId}/{file}", ResultFile);
    }

    /// <summary>The Bearer key of a request, if it is one the simulator accepts.</summary>
    internal static string? AuthorizedKey(HttpRequest request, KieSimulatorState state)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var key = header[scheme.Length..].Trim();
        return state.IsKnownKey(key) ? key : null;
    }

    /// <summary>The body as a JSON object and as text, or nulls when it is not a JSON object.</summary>
    internal static async Task<(JsonObject? Body, string Text)> ReadJsonAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        try
        {
            return (JsonNode.Parse(text) as JsonObject, text);
        }
        catch (JsonException)
        {
            return (null, text);
        }
    }

    /// <summary>Resets the connection, after hanging first if asked: what a client sees of a dead or stuck server.</summary>
    internal static async Task<IResult> FaultAsync(HttpContext http, KieConnectionFault fault, KieSimulatorState state, KieTaskRunner runner)
    {
        if (fault == KieConnectionFault.Hang)
        {
            using var hang = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, runner.Lifetime);
            try
            {
                await Task.Delay(state.Settings.HangDuration, state.Time, hang.Token);
            }
            catch (OperationCanceledException)
            {
                // The client gave up, or the simulator is resetting or stopping.
            }
        }

        http.Abort();
        return Results.Empty;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, ApiFamily family, KieSimulatorState state, KieTaskRunner runner)
    {
        // Order per kie-api.md 11.3: auth, JSON, model, required input, balance, rate window.
        var key = AuthorizedKey(http.Request, state);
        if (key is null)
        {
            return KieJson.Error(state, 401);
        }

        var (body, text) = await ReadJsonAsync(http.Request);
        if (body is null)
        {
            return KieJson.Error(state, 400);
        }

        var modelId = KieModelCatalog.ModelIdOf(family, Text(body["model"]));
        var model = state.FindModel(modelId, family);
        if (model is null)
        {
            return KieJson.Envelope(state, 422, KieMessages.ModelNotSupported);
        }

        var input = family == ApiFamily.Market ? body["input"] as JsonObject ?? new JsonObject() : body;
        var missing = MissingField(model, input);
        if (missing is not null)
        {
            return KieJson.Envelope(state, 500, $"{missing} is required");
        }

        var behaviour = state.ResolveBehaviour(model.Id, key, text);
        if (behaviour.CreateFault is { } fault && fault != KieConnectionFault.LoseAnswer)
        {
            return await FaultAsync(http, fault, state, runner);
        }

        if (behaviour.CreateError is { } code)
        {
            return KieJson.Error(state, code);
        }

        var price = state.PriceOf(model, input);
        if (state.Balance < price)
        {
            return KieJson.Error(state, 402);
        }

        if (!state.TryEnterRateWindow(key))
        {
            return KieJson.Error(state, 429);
        }

        var task = state.AddTask(model, body, key, Text(body["callBackUrl"]), state.PublicBaseUrl(http.Request), behaviour, price);
        runner.Start(task);
        if (behaviour.CreateFault == KieConnectionFault.LoseAnswer)
        {
            http.Abort(); // the task exists and runs; only its answer is lost
            return Results.Empty;
        }

        return KieJson.Envelope(state, 200, KieMessages.Success, new JsonObject { ["taskId"] = task.Id });
    }

    private static async Task<IResult> RecordInfoAsync(HttpContext http, ApiFamily family, KieSimulatorState state, KieTaskRunner runner)
    {
        if (AuthorizedKey(http.Request, state) is null)
        {
            return KieJson.Error(state, 401);
        }

        var taskId = http.Request.Query["taskId"].ToString();
        if (string.IsNullOrWhiteSpace(taskId))
        {
            return KieJson.Envelope(state, 400, KieMessages.TaskIdRequired);
        }

        var task = state.FindTask(taskId.Trim());
        if (task is null || task.Model.Family != family)
        {
            return KieJson.Envelope(state, 422, KieMessages.RecordInfoIsNull);
        }

        var poll = state.CountPoll(task);
        if (task.Behaviour.PollFault is { } fault)
        {
            return await FaultAsync(http, fault, state, runner);
        }

        var failing = task.Behaviour.FailingPolls ?? 0;
        if (poll <= failing)
        {
            return KieJson.Error(state, task.Behaviour.FailingPollCode ?? 500);
        }

        if (poll <= failing + (task.Behaviour.NullPolls ?? 0) || state.Read(() => task.Phase) == KieTaskPhase.Unrecorded)
        {
            return KieJson.Envelope(state, 422, KieMessages.RecordInfoIsNull);
        }

        var data = state.Read(() => KieFamilyFormats.RecordData(task, state.Progress(task)));
        return KieJson.Envelope(state, 200, KieMessages.Success, data);
    }

    private static IResult Credit(HttpContext http, KieSimulatorState state) =>
        AuthorizedKey(http.Request, state) is null
            ? KieJson.Error(state, 401)
            : KieJson.Envelope(state, 200, KieMessages.Success, JsonValue.Create(state.Balance));

    /// <summary>A 20-minute link for a file the simulator made or stored; any other URL gets 422.</summary>
    private static async Task<IResult> DownloadUrlAsync(HttpContext http, KieSimulatorState state)
    {
        if (AuthorizedKey(http.Request, state) is null)
        {
            return KieJson.Error(state, 401);
        }

        var (body, _) = await ReadJsonAsync(http.Request);
        var url = Text(body?["url"]);
        if (url is null)
        {
            return KieJson.Envelope(state, 400, "url is required");
        }

        if (!IsSimulatorFile(url, state))
        {
            return KieJson.Envelope(state, 422, KieMessages.ValidationError);
        }

        var signature = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(url)));
        var signed = $"{url.Split('?')[0]}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=1200&X-Amz-Signature={signature}";
        return KieJson.Envelope(state, 200, KieMessages.Success, JsonValue.Create(signed));
    }

    private static bool IsSimulatorFile(string url, KieSimulatorState state)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return false;
        }

        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var at = Array.IndexOf(segments, "sim-files");
        if (at < 0)
        {
            return false;
        }

        var rest = segments[(at + 1)..];
        if (rest.Length >= 2 && rest[0] == "uploads")
        {
            return state.FindUpload(Uri.UnescapeDataString(string.Join('/', rest[1..]))) is not null;
        }

        return rest.Length == 2 && state.FindTask(rest[0]) is { } task && state.Read(() => task.Phase) == KieTaskPhase.Success;
    }

    /// <summary>A result file of a successful task: .png, .mp4, .mp3 or .txt by the name's extension.</summary>
    private static IResult ResultFile(string taskId, string file, KieSimulatorState state)
    {
        var task = state.FindTask(taskId);
        if (task is null || state.Read(() => task.Phase) != KieTaskPhase.Success)
        {
            return Results.NotFound();
        }

        KieResultKind? kind = Path.GetExtension(file) switch
        {
            ".png" => KieResultKind.Image,
            ".mp4" => KieResultKind.Video,
            ".mp3" => KieResultKind.Audio,
            ".txt" => KieResultKind.Text,
            _ => null,
        };
        return kind is { } k
            ? Results.Bytes(KieSampleMedia.For(k, $"{taskId}/{file}"), KieSampleMedia.ContentType(k), file)
            : Results.NotFound();
    }

    /// <summary>The first required field that is absent, null, an empty string or an empty list.</summary>
    private static string? MissingField(KieModel model, JsonObject input)
    {
        foreach (var field in model.RequiredInput)
        {
            if (IsMissing(input[field]))
            {
                return field;
            }
        }

        switch (model.Family)
        {
            case ApiFamily.Runway:
                // Text-to-video needs an aspect ratio; image-to-video takes the image's.
                return IsMissing(input["imageUrl"]) && IsMissing(input["aspectRatio"]) ? "aspectRatio" : null;
            case ApiFamily.Gpt4oImage:
                // Either a prompt or input images (or both).
                return IsMissing(input["prompt"]) && IsMissing(input["filesUrl"]) ? "prompt" : null;
            case not ApiFamily.Suno:
                return null;
        }

        // Suno: custom mode needs style and title, and a prompt unless instrumental; simple mode needs a prompt.
        var custom = input["customMode"] is JsonValue c && c.TryGetValue<bool>(out var isCustom) && isCustom;
        var instrumental = input["instrumental"] is JsonValue i && i.TryGetValue<bool>(out var isInstrumental) && isInstrumental;
        var needed = custom ? (instrumental ? ["style", "title"] : new[] { "style", "title", "prompt" }) : ["prompt"];
        return needed.FirstOrDefault(f => IsMissing(input[f]));
    }

    private static bool IsMissing(JsonNode? node) => node switch
    {
        null => true,
        JsonArray array => array.Count == 0,
        JsonValue value when value.TryGetValue<string>(out var s) => string.IsNullOrWhiteSpace(s),
        _ => false,
    };

    internal static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s : null;
}
