using System.Text.Json.Nodes;
using NeuroActors.Domain.Catalog;

namespace NeuroActors.Kie;

/// <summary>Turns a request the catalogue built (<see cref="KieRequest"/>) into what the client sends, with a job's callback URL.</summary>
public static class CatalogRequests
{
    /// <summary>The create request for <paramref name="request"/>; <paramref name="callbackUrl"/> replaces any callback in its body.</summary>
    public static KieCreateRequest ToCreateRequest(KieRequest request, string? callbackUrl)
    {
        ArgumentNullException.ThrowIfNull(request);
        var family = request.Family;
        var body = JsonNode.Parse(request.BodyJson) as JsonObject
                   ?? throw new ArgumentException($"The catalogue built a body for {request.ModelId} that is not a JSON object.", nameof(request));
        var route = string.Equals(request.Path, family.Info().CreatePath, StringComparison.Ordinal) ? null : request.Path;
        if (family == ApiFamily.Market)
        {
            var input = body["input"] as JsonObject ?? new JsonObject();
            return new KieCreateRequest(family, request.KieModel, (JsonObject)input.DeepClone(), callbackUrl) { Route = route };
        }

        var flat = (JsonObject)body.DeepClone();
        flat.Remove("callBackUrl");
        var model = flat["model"]?.GetValue<string>();
        flat.Remove("model");
        return new KieCreateRequest(family, model, flat, callbackUrl) { Route = route };
    }
}
