using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;

namespace NeuroActors.Actors.Jobs;

/// <summary>The live jobs of the whole cluster, and the members whose job region did not answer in time.</summary>
public sealed record JobListing(IReadOnlyList<JobSummary> Jobs, IReadOnlyList<string> SilentMembers);

/// <summary>
/// Finds the live job entities of every member: each member's job region lists the entities it hosts
/// (<see cref="GetShardRegionState"/>, reached by the region's path on that member's address), and each job then
/// describes itself (<see cref="GetJobSummary"/>, through the local region, which routes by id).
/// </summary>
public static class JobDirectory
{
    /// <summary>At most this many jobs are asked at once, so a large listing does not flood the cluster.</summary>
    private const int AskedAtOnce = 64;

    public static async Task<JobListing> ListAsync(ActorSystem system, IActorRef jobRegion, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(jobRegion);
        var members = Cluster.Get(system).State.Members
            .Where(m => m.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Leaving)
            .Select(m => m.Address)
            .ToArray();
        var regionPath = jobRegion.Path.ToStringWithoutAddress();
        var regions = await Task.WhenAll(members.Select(async address =>
        {
            try
            {
                var state = await system.ActorSelection(address + regionPath)
                    .Ask<CurrentShardRegionState>(GetShardRegionState.Instance, timeout, cancellationToken);
                return (Address: address, Ids: state.Shards.SelectMany(s => s.EntityIds).ToArray(), Answered: true);
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return (Address: address, Ids: Array.Empty<string>(), Answered: false);
            }
        }));

        var ids = regions.SelectMany(r => r.Ids).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var jobs = new List<JobSummary>(ids.Length);
        foreach (var chunk in ids.Chunk(AskedAtOnce))
        {
            var answers = await Task.WhenAll(chunk.Select(id => AskSummaryAsync(jobRegion, id, timeout, cancellationToken)));
            jobs.AddRange(answers.OfType<JobSummary>().Where(s => s.Exists));
        }

        return new JobListing(jobs, regions.Where(r => !r.Answered).Select(r => r.Address.ToString()).ToArray());
    }

    /// <summary>One job's summary, or null when it did not answer in time (it may be moving between nodes).</summary>
    private static async Task<JobSummary?> AskSummaryAsync(IActorRef jobRegion, string requestId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await jobRegion.Ask<JobSummary>(new GetJobSummary(requestId), timeout, cancellationToken);
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
