using System.Text.Json;
using System.Text.Json.Nodes;

namespace NeuroActors.Sandbox.Kie;

/// <summary>
/// The control API of the simulated KIE, JSON under <c>/sandbox/kie</c> (camelCase, enums in kebab-case):
/// <list type="bullet">
/// <item>GET tasks (?model=&amp;state=), GET tasks/{taskId}, POST tasks/{taskId}/finish {outcome}</item>
/// <item>GET balance, PUT balance {balance}</item>
/// <item>GET behaviours, PUT behaviours/models {model, behaviour|null}, PUT behaviours/keys {key, behaviour|null},
/// POST behaviours/next {behaviour} (one-shot, queued), DELETE behaviours</item>
/// <item>GET durations, PUT durations {model|null, durations {unrecordedMs, waitingMs, queuingMs, generatingMs}, reset}</item>
/// <item>GET settings, PUT settings {httpStatusEqualsCode, hmacKey, deliverCallbacksTwice, callbackRetries, ...}</item>
/// <item>PUT keys {keys}, GET models, GET markers, GET uploads, POST reset</item>
/// </list>
/// </summary>
internal static class KieControlEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var control = routes.MapGroup("/sandbox/kie");

        control.MapGet("/tasks", (string? model, string? state, KieSimulatorState sim) =>
            Json(sim.Tasks()
                .Where(t => model is null || t.Model.Id == model)
                .Select(t => KieTaskView.Of(t, sim))
                .Where(v => state is null || string.Equals(JsonNamingPolicy.KebabCaseLower.ConvertName(v.State.ToString()), state, StringComparison.OrdinalIgnoreCase))
                .ToList()));
        control.MapGet("/tasks/{taskId}", (string taskId, KieSimulatorState sim) =>
            sim.FindTask(taskId) is { } task ? Json(KieTaskView.Of(task, sim)) : NotFound($"no task {taskId}"));
        control.MapPost("/tasks/{taskId}/finish", async (string taskId, HttpRequest request, KieSimulatorState sim) =>
        {
            if (sim.FindTask(taskId) is not { } task)
            {
                return NotFound($"no task {taskId}");
            }

            var finish = await ReadAsync<KieFinishRequest>(request) ?? new KieFinishRequest();
            var accepted = KieTaskRunner.Finish(task, finish.Outcome);
            return Json(new { accepted, task = KieTaskView.Of(task, sim) });
        });

        control.MapGet("/balance", (KieSimulatorState sim) => Json(new KieBalanceDto(sim.Balance)));
        control.MapPut("/balance", async (HttpRequest request, KieSimulatorState sim) =>
        {
            if (await ReadAsync<KieBalanceDto>(request) is not { } update)
            {
                return BadRequest("expected {\"balance\": number}");
            }

            sim.Balance = update.Balance;
            return Json(new KieBalanceDto(sim.Balance));
        });

        control.MapGet("/behaviours", (KieSimulatorState sim) => Json(sim.Behaviours()));
        control.MapPut("/behaviours/models", async (HttpRequest request, KieSimulatorState sim) =>
        {
            if (await ReadAsync<KieModelBehaviourUpdate>(request) is not { Model.Length: > 0 } update)
            {
                return BadRequest("expected {\"model\": id, \"behaviour\": {...} | null}");
            }

            sim.SetModelBehaviour(update.Model, update.Behaviour);
            return Json(sim.Behaviours());
        });
        control.MapPut("/behaviours/keys", async (HttpRequest request, KieSimulatorState sim) =>
        {
            if (await ReadAsync<KieKeyBehaviourUpdate>(request) is not { Key.Length: > 0 } update)
            {
                return BadRequest("expected {\"key\": key, \"behaviour\": {...} | null}");
            }

            sim.SetKeyBehaviour(update.Key, update.Behaviour);
            return Json(sim.Behaviours());
        });
        control.MapPost("/behaviours/next", async (HttpRequest request, KieSimulatorState sim) =>
        {
            if (await ReadAsync<KieBehaviour>(request) is not { } behaviour)
            {
                return BadRequest("expected a behaviour {...}");
            }

            sim.EnqueueNextBehaviour(behaviour);
            return Json(sim.Behaviours());
        });
        control.MapDelete("/behaviours", (KieSimulatorState sim) =>
        {
            sim.ClearBehaviours();
            return Json(sim.Behaviours());
        });

        control.MapGet("/durations", (KieSimulatorState sim) => Json(DurationsListing(sim)));
        control.MapPut("/durations", async (HttpRequest request, KieSimulatorState sim) =>
        {
            if (await ReadAsync<KieDurationsUpdate>(request) is not { } update)
            {
                return BadRequest("expected {\"model\": id | null, \"durations\": {...}, \"reset\": bool}");
            }

            var model = string.IsNullOrWhiteSpace(update.Model) ? null : update.Model;
            if (update.Reset || update.Durations is null)
            {
                sim.SetDurations(model, null);
            }
            else
            {
                var current = model is null ? sim.Durations().Default : sim.DurationsOf(model);
                sim.SetDurations(model, update.Durations.Over(current));
            }

            return Json(DurationsListing(sim));
        });

        control.MapGet("/settings", (KieSimulatorState sim) => Json(KieSettingsView.Of(sim.Settings)));
        control.MapPut("/settings", async (HttpRequest request, KieSimulatorState sim) =>
        {
            if (await ReadAsync<KieSettingsUpdate>(request) is not { } update)
            {
                return BadRequest("expected settings {...}");
            }

            sim.Settings = update.Over(sim.Settings);
            return Json(KieSettingsView.Of(sim.Settings));
        });

        control.MapPut("/keys", async (HttpRequest request, KieSimulatorState sim) =>
        {
            if (await ReadAsync<KieKeysUpdate>(request) is not { Keys.Count: > 0 } update)
            {
                return BadRequest("expected {\"keys\": [..]}");
            }

            sim.SetKeys(update.Keys);
            return Json(new { keys = update.Keys.Select(KieMessages.MaskKey).ToList() });
        });

        control.MapGet("/models", (KieSimulatorState sim) =>
            Json(sim.Models.Select(m => new KieModelView(m.Id, m.Family, m.Kind, m.RequiredInput, sim.PriceOf(m, new JsonObject()), m.ReportsProgress)).ToList()));
        control.MapGet("/markers", () => Json(KiePromptMarkers.All));
        control.MapGet("/uploads", (KieSimulatorState sim) =>
            Json(sim.Uploads().Select(u => new KieUploadView(u.FileName, u.FilePath, u.MimeType, u.Bytes.Length, u.UploadedAt)).ToList()));

        control.MapPost("/reset", (KieSimulatorState sim, KieTaskRunner runner) =>
        {
            runner.CancelAll();
            var dropped = sim.Reset();
            return Json(new { reset = true, droppedTasks = dropped.Count });
        });
    }

    private static KieDurationsListing DurationsListing(KieSimulatorState sim)
    {
        var durations = sim.Durations();
        return new KieDurationsListing(
            KieDurationsDto.Of(durations.Default),
            durations.Models.ToDictionary(p => p.Key, p => KieDurationsDto.Of(p.Value), StringComparer.Ordinal));
    }

    private static async Task<T?> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        if (request.ContentLength == 0)
        {
            return null;
        }

        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, KieJson.Control, request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IResult Json<T>(T value) => Results.Json(value, KieJson.Control);

    private static IResult NotFound(string message) => Results.Json(new { error = message }, KieJson.Control, statusCode: 404);

    private static IResult BadRequest(string message) => Results.Json(new { error = message }, KieJson.Control, statusCode: 400);
}
