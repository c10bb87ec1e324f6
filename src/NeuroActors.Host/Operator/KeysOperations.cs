using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using NeuroActors.Actors.Kie;
using NeuroActors.Kie;

namespace NeuroActors.Host.Operator;

/// <summary>
/// <c>GET keys</c>: this node's KIE keys by their safe id (last 4 characters and a fingerprint, never the key): active,
/// cooling until when, or disabled and why. <c>POST keys/enable {"keyId"}</c>: back into rotation on every node.
/// </summary>
public static class KeysOperations
{
    public sealed record KeyRequest(string? KeyId);

    public static void MapKeysOperations(RouteGroupBuilder api)
    {
        api.MapGet("/keys", (KieKeyPool pool) =>
        {
            var report = pool.GetReport();
            return Results.Ok(new
            {
                at = report.At,
                waitingCreates = report.WaitingCreates,
                waitingQueries = report.WaitingQueries,
                keys = report.Keys.Select(k => new
                {
                    id = k.KeyId.Value,
                    state = k.Condition.ToString().ToLowerInvariant(),
                    createCoolingUntil = k.CreateCoolingUntil,
                    queryCoolingUntil = k.QueryCoolingUntil,
                    disabledReason = k.DisabledReason?.ToString(),
                    disabledAt = k.DisabledAt,
                    disabledDetail = k.DisabledDetail,
                    createsLastMinute = k.CreatesLastMinute,
                    queriesLastMinute = k.QueriesLastMinute,
                    balance = (decimal?)null, // KIE's balance is not tracked per key yet
                }).ToArray(),
            });
        });

        api.MapPost("/keys/enable", (KieKeyPool pool, ActorSystem system, KeyRequest request) =>
        {
            if (string.IsNullOrWhiteSpace(request.KeyId))
                return OperatorResults.BadRequest("give a key id as `neuroctl keys list` prints it, e.g. ****c0de#3f9a1b (or its fingerprint 3f9a1b)");
            var matches = pool.KeyIds.Where(id => Matches(id, request.KeyId.Trim())).ToArray();
            if (matches.Length == 0)
                return OperatorResults.NotFound($"no KIE key '{request.KeyId}' on this node (see `neuroctl keys list`)");
            if (matches.Length > 1)
                return OperatorResults.BadRequest($"'{request.KeyId}' matches {matches.Length} keys: give the whole id");
            KieKeyTopics.EnableOnEveryNode(system, matches[0].Value, "operator");
            return Results.Ok(new { result = $"KIE key {matches[0].Value} is being re-enabled on every node", id = matches[0].Value });
        });
    }

    private static bool Matches(KieKeyId id, string text) =>
        string.Equals(id.Value, text, StringComparison.Ordinal)
        || id.Value.EndsWith("#" + text, StringComparison.OrdinalIgnoreCase);
}
