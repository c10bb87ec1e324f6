using Akka.Actor;
using Akka.Hosting;
using NeuroActors.Actors.Catalog;
using NeuroActors.Domain.Catalog;

namespace NeuroActors.Host.Operator;

/// <summary>
/// <c>GET catalog[?hidden=true]</c>: the models this node serves, with visibility and the reasons a model is hidden.
/// <c>POST catalog/sync</c>: asks the catalogue singleton to refresh now and answers with what changed.
/// </summary>
public static class CatalogOperations
{
    private static readonly TimeSpan SyncTimeout = TimeSpan.FromSeconds(60);

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
                        kind = m.Kind.ToString(),
                        kieModel = m.KieModel,
                        visible = m.Visible,
                        reasons = m.Reasons.Select(r => string.IsNullOrEmpty(r.Detail) ? r.CodeName : $"{r.CodeName}: {r.Detail}").ToArray(),
                        priceFrom = m.PriceFrom,
                    })
                    .ToArray(),
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
