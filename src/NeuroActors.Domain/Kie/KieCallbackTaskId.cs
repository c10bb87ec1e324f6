using System.Text.Json;

namespace NeuroActors.Domain.Kie;

/// <summary>Where a callback body keeps its task id: <c>data.taskId</c> (market, Veo, 4o, Flux), <c>data.task_id</c> (Suno, Runway), or top-level <c>taskId</c>.</summary>
public static class KieCallbackTaskId
{
    public static string? Find(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
        {
            if (NonEmpty(data, "taskId") is { } camel)
            {
                return camel;
            }

            if (NonEmpty(data, "task_id") is { } snake)
            {
                return snake;
            }
        }

        return NonEmpty(root, "taskId");
    }

    public static string? Find(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Find(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? NonEmpty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s
            ? s
            : null;
}
