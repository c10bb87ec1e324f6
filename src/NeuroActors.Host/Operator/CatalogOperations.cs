using Akka.Actor;
using Akka.Hosting;
using NeuroActors.Actors.Catalog;
using NeuroActors.Domain.Catalog;

namespace NeuroActors.Host.Operator;

/// <summary>
/// <c>GET catalog[?hidden=true]</c>: the models this node serves, with visibility and the reasons a model is hidden.
/// <c>POST catalog/sync</c>: asks the catalogue singleton to refresh now and answers with what changed.
/// <c>POST catalog/model {"modelId", "visible", "by"?, "reason"?}</c>: switches a model on or off for every node, persisted.
/// </summary>
public static class CatalogOperations
{
    private static readonly TimeSpan SyncTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan SwitchTimeout = TimeSpan.FromSeconds(10);

    public sealed record ModelSwitchRequest(string? ModelId, bool? Visible, string? By, string? Reason);

    public static void MapCatalogOperations(RouteGroupBuilder api)
    {
        api.MapGet("/catalog", (CatalogHolder holder, bool? hidden) =>
        {
            var snapshot = holder.Current;
            var models = snapshot.AdminListing();
            return Results.Ok(new
            {
                version = snapshot.Summary.Version,
                revision = snapshot.Summary.Revision,
                source = snapshot.Summary.Source,
                visible = models.Count(m => m.Visible),
                hidden = models.Count(m => !m.Visible),
                models = models
                    .Where(m => hidden == true ? !m.Visible : true)
                    .Select(m => new
                    {
                        id = m.ModelId,
                        name = m.Name.En,
                        kind = m.Kind.Slug(),
                        kieModel = m.KieModel,
                        visible = m.Visible,
                        reasons = m.Reasons.Select(r => string.IsNullOrEmpty(r.Detail) ? r.CodeName : $"{r.CodeName}: {r.Detail}").ToArray(),
                        priceFrom = m.PriceFrom,
                        switchedBy = snapshot.Overrides.GetValueOrDefault(m.ModelId)?.By,
                    })
                    .ToArray(),
            });
        });

        api.MapPost("/catalog/model", async (ActorRegistry registry, CatalogHolder holder, HttpContext http, ModelSwitchRequest request, CancellationToken cancel) =>
        {
            if (string.IsNullOrWhiteSpace(request.ModelId) || request.Visible is null)
                return OperatorResults.BadRequest("give modelId and visible (true to show, false to hide)");
            if (holder.Current.Find(request.ModelId) is null)
                return OperatorResults.NotFound($"no model '{request.ModelId}' in this node's catalogue (see `neuroctl catalog show`)");
            if (!registry.TryGet<CatalogSyncActor>(out var sync))
                return OperatorResults.Unavailable("the catalogue singleton is not started on this node");
            var by = string.IsNullOrWhiteSpace(request.By) ? $"operator@{http.Connection.RemoteIpAddress}" : request.By.Trim();
            var reason = string.IsNullOrWhiteSpace(request.Reason) ? "no reason given" : request.Reason.Trim();
            ModelVisibilitySetResult result;
            try
            {
                result = await sync.Ask<ModelVisibilitySetResult>(new SetModelVisibility(request.ModelId, request.Visible.Value, by, reason), SwitchTimeout, cancel);
            }
            catch (AskTimeoutException)
            {
                return OperatorResults.Unavailable($"the catalogue singleton did not answer within {SwitchTimeout.TotalSeconds:0} s (is the oldest node up?)");
            }

            if (!result.Succeeded || result.Override is not { } switched)
                return OperatorResults.NotFound(result.Problem ?? "the catalogue singleton refused the switch");
            return Results.Ok(new
            {
                result = $"{switched.ModelId} switched {(switched.Visible ? "on" : "off")} for every node (revision {result.Revision})",
                modelId = switched.ModelId,
                visible = switched.Visible,
                by = switched.By,
                reason = switched.Reason,
                at = switched.At,
                revision = result.Revision,
            });
        });

        api.MapPost("/catalog/sync", async (ActorRegistry registry, CancellationToken cancel) =>
        {
            if (!registry.TryGet<CatalogSyncActor>(out var sync))
                return OperatorResults.Unavailable("the catalogue singleton is not started on this node");
            CatalogSyncResult result;
            try
            {
                result = await sync.Ask<CatalogSyncResult>(new SyncCatalogNow("operator"), SyncTimeout, cancel);
            }
            catch (AskTimeoutException)
            {
                return OperatorResults.Unavailable($"the catalogue singleton did not answer within {SyncTimeout.TotalSeconds:0} s (is the oldest node up?)");
            }

            if (!result.Succeeded)
                return OperatorResults.Conflict($"catalogue sync failed, nothing changed: {result.Problem}");
            return Results.Ok(new
            {
                result = result.Changed ? $"catalogue version {result.Version} adopted" : $"catalogue unchanged (version {result.Version})",
                changed = result.Changed,
                version = result.Version,
                hash = result.Hash,
                change = result.Change is { } c ? new
                {
                    added = c.Added,
                    removed = c.Removed,
                    repriced = c.Repriced.Select(r => new { id = r.ModelId, oldPriceFrom = r.OldPriceFrom, newPriceFrom = r.NewPriceFrom, changes = r.Changes }).ToArray(),
                    enabled = c.Enabled,
                    disabled = c.Disabled.Select(d => new { id = d.ModelId, reasons = d.Reasons }).ToArray(),
                    changed = c.Changed,
                } : null,
            });
        });
    }
}
