using System.Data.Common;
using NeuroActors.Actors.Housekeeping;
using NeuroActors.Domain.Broadcasts;
using NeuroActors.Domain.Stats;

namespace NeuroActors.Actors.ReadSide;

/// <summary>
/// Answers from the read side's tables (<see cref="IReadSideQueries"/> for the admin and broadcast actors, the figures of
/// the metrics screen, the projection's lag). Each call opens a pooled connection and runs a few indexed queries.
/// </summary>
public sealed class ReadSideQueries(ReadSideStore store) : IReadSideQueries, IJournalConsumers
{
    /// <summary>"Active" for the 7-day audience and the stats: any update in the window.</summary>
    public static readonly TimeSpan ActiveWindow = TimeSpan.FromDays(7);

    private const int TopCount = 5;

    public async Task<IReadOnlyList<long>> AudienceAsync(BroadcastAudience audience, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Telegram language codes are "ru", "ru-RU", ...: Russian is what starts with "ru"; everyone else reads English.
        var filter = audience switch
        {
            BroadcastAudience.All => string.Empty,
            BroadcastAudience.ActiveLastWeek => " AND last_seen_at >= @since",
            BroadcastAudience.Russian => " AND LOWER(language) LIKE 'ru%'",
            BroadcastAudience.English => " AND (language IS NULL OR LOWER(language) NOT LIKE 'ru%')",
            _ => throw new ArgumentOutOfRangeException(nameof(audience), audience, "unknown audience"),
        };
        await using var connection = await store.OpenAsync(cancellationToken);
        // Blocked users are never in an audience, nor banned ones (a banned user gets the restricted message and nothing else).
        var command = Sql.Command(connection, null,
            "SELECT user_id FROM rs_users WHERE registered_at IS NOT NULL AND blocked = 0 AND banned = 0" + filter + " ORDER BY user_id");
        if (audience == BroadcastAudience.ActiveLastWeek) command.With("@since", Sql.Millis(now - ActiveWindow));
        return await command.ListAsync(r => r.Long(0), cancellationToken);
    }

    public async Task<long?> UserIdByUsernameAsync(string username, CancellationToken cancellationToken)
    {
        var name = (username ?? string.Empty).Trim().TrimStart('@').ToLowerInvariant();
        if (name.Length == 0) return null;
        await using var connection = await store.OpenAsync(cancellationToken);
        // Telegram lets a username move to another account: the one seen most recently has it now.
        var found = await Sql.Command(connection, null,
                "SELECT user_id FROM rs_users WHERE username_lower = @name ORDER BY last_seen_at DESC, user_id LIMIT 1")
            .With("@name", name).ListAsync(r => r.Long(0), cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<long?> UserIdByChargeIdAsync(string chargeId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(chargeId)) return null;
        await using var connection = await store.OpenAsync(cancellationToken);
        // rs_payments keeps every charge; the ledger row covers a charge paid while an older node (no rs_payments) projected.
        var charge = chargeId.Trim();
        var found = await Sql.Command(connection, null, "SELECT user_id FROM rs_payments WHERE charge_id = @charge")
            .With("@charge", charge).ListAsync(r => r.Long(0), cancellationToken);
        if (found.Count == 0)
        {
            found = await Sql.Command(connection, null, "SELECT user_id FROM rs_ledger WHERE ref_id = @ref AND kind = 'granted' LIMIT 1")
                .With("@ref", Domain.Payments.PaymentBook.GrantIdOf(charge)).ListAsync(r => r.Long(0), cancellationToken);
        }

        return found.Count == 0 ? null : found[0];
    }

    public async Task<string?> RequestIdByKieTaskIdAsync(string kieTaskId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(kieTaskId)) return null;
        await using var connection = await store.OpenAsync(cancellationToken);
        var found = await Sql.Command(connection, null, "SELECT request_id FROM rs_attempts WHERE task_id = @task ORDER BY request_id LIMIT 1")
            .With("@task", kieTaskId.Trim()).ListAsync(r => r.GetString(0), cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<long> ConsumedThroughAsync(CancellationToken cancellationToken) =>
        (await store.ReadOffsetAsync(cancellationToken)).Ordering;

    /// <summary>How far behind the projection is: tagged events after its offset, and how old the oldest of them is.</summary>
    public async Task<(long EventsBehind, TimeSpan Lag)> LagAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var offset = await store.ReadOffsetAsync(cancellationToken);
        await using var connection = await store.OpenJournalAsync(cancellationToken);
        // The journal's own tables (Akka.Persistence.Sql's default layout): "created" holds the write time in .NET ticks.
        var rows = await Sql.Command(connection, null, """
                SELECT COUNT(*), MIN(j.created) FROM tags t JOIN journal j ON j.ordering = t.ordering_id
                WHERE t.tag = @tag AND t.ordering_id > @ordering
                """)
            .With("@tag", ReadSideTags.Tag).With("@ordering", offset.Ordering)
            .ListAsync(r => (Count: r.Long(0), OldestTicks: r.NullableLong(1)), cancellationToken);
        var (count, oldest) = rows[0];
        var lag = count == 0 || oldest is not { } ticks || ticks <= 0 || ticks >= DateTimeOffset.MaxValue.Ticks
            ? TimeSpan.Zero
            : now - new DateTimeOffset(ticks, TimeSpan.Zero);
        return (count, lag < TimeSpan.Zero ? TimeSpan.Zero : lag);
    }

    /// <summary>The figures of one window, from <paramref name="since"/> to now.</summary>
    public async Task<StatsWindow> WindowAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        var from = Sql.Millis(since);
        var newUsers = await Count(connection, "SELECT COUNT(*) FROM rs_users WHERE registered_at >= @since", from, cancellationToken);
        var activeUsers = await Count(connection, "SELECT COUNT(*) FROM rs_users WHERE last_seen_at >= @since", from, cancellationToken);
        var orders = (await Sql.Command(connection, null, """
                SELECT COUNT(*),
                  SUM(CASE WHEN COALESCE(x.ended, 0) >= o.variants AND COALESCE(x.done, 0) = o.variants THEN 1 ELSE 0 END),
                  SUM(CASE WHEN COALESCE(x.ended, 0) >= o.variants AND COALESCE(x.done, 0) > 0 AND COALESCE(x.done, 0) < o.variants THEN 1 ELSE 0 END),
                  SUM(CASE WHEN COALESCE(x.ended, 0) >= o.variants AND COALESCE(x.done, 0) = 0 THEN 1 ELSE 0 END),
                  SUM(CASE WHEN COALESCE(x.ended, 0) < o.variants THEN 1 ELSE 0 END)
                FROM rs_orders o
                LEFT JOIN (
                  SELECT order_id, SUM(CASE WHEN outcome = 'done' THEN 1 ELSE 0 END) AS done, SUM(CASE WHEN outcome IS NOT NULL THEN 1 ELSE 0 END) AS ended
                  FROM rs_jobs WHERE order_id IN (SELECT order_id FROM rs_orders WHERE opened_at >= @since) GROUP BY order_id) x
                  ON x.order_id = o.order_id
                WHERE o.opened_at >= @since
                """)
            .With("@since", from)
            .ListAsync(r => new OrderCounts(r.Long(0), r.Long(1), r.Long(2), r.Long(3), r.Long(4)), cancellationToken))[0];
        var outcomes = await Sql.Command(connection, null, "SELECT outcome, COUNT(*) FROM rs_jobs WHERE finished_at >= @since GROUP BY outcome")
            .With("@since", from).ListAsync(r => (Outcome: r.NullableString(0), Count: r.Long(1)), cancellationToken);
        var models = await Sql.Command(connection, null, $"""
                SELECT model_id, COUNT(*) AS n FROM rs_jobs WHERE finished_at >= @since AND model_id IS NOT NULL
                GROUP BY model_id ORDER BY n DESC, model_id LIMIT {TopCount}
                """)
            .With("@since", from).ListAsync(r => new RankedCount(r.GetString(0), r.Long(1)), cancellationToken);
        var failures = await Sql.Command(connection, null, $"""
                SELECT failure_class, COUNT(*) AS n FROM rs_jobs WHERE finished_at >= @since AND outcome = 'failed' AND failure_class IS NOT NULL
                GROUP BY failure_class ORDER BY n DESC, failure_class LIMIT {TopCount}
                """)
            .With("@since", from).ListAsync(r => new RankedCount(r.GetString(0), r.Long(1)), cancellationToken);
        var credits = await Sql.Command(connection, null, "SELECT kind, SUM(amount) FROM rs_ledger WHERE at >= @since AND kind IN ('captured', 'released') GROUP BY kind")
            .With("@since", from).ListAsync(r => (Kind: r.GetString(0), Sum: r.Long(1)), cancellationToken);
        return new StatsWindow(
            newUsers,
            activeUsers,
            orders,
            Outcomes(outcomes),
            models,
            failures,
            credits.Where(c => c.Kind == "captured").Sum(c => c.Sum),
            credits.Where(c => c.Kind == "released").Sum(c => c.Sum));
    }

    /// <summary>Jobs accepted and not finished, cluster-wide.</summary>
    public async Task<long> JobsInFlightAsync(CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        return await Sql.Command(connection, null, "SELECT COUNT(*) FROM rs_jobs WHERE accepted_at IS NOT NULL AND finished_at IS NULL")
            .ScalarLongAsync(cancellationToken) ?? 0;
    }

    /// <summary>Generations that ended per hour since <paramref name="since"/>, by outcome; hours without any are left out.</summary>
    public async Task<IReadOnlyList<HourlyOutcomes>> HourlyAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        // BIGINT / BIGINT is integer division on SQLite and PostgreSQL alike: the hour's number since the epoch.
        var rows = await Sql.Command(connection, null, "SELECT finished_at / 3600000 AS hour, outcome, COUNT(*) FROM rs_jobs WHERE finished_at >= @since GROUP BY finished_at / 3600000, outcome")
            .With("@since", Sql.Millis(since))
            .ListAsync(r => (Hour: r.Long(0), Outcome: r.NullableString(1), Count: r.Long(2)), cancellationToken);
        return rows.GroupBy(r => r.Hour)
            .OrderBy(g => g.Key)
            .Select(g => new HourlyOutcomes(Sql.Time(g.Key * 3_600_000), Outcomes(g.Select(r => (r.Outcome, r.Count)))))
            .ToArray();
    }

    private static OutcomeCounts Outcomes(IEnumerable<(string? Outcome, long Count)> rows)
    {
        long done = 0, failed = 0, cancelled = 0;
        foreach (var (outcome, count) in rows)
        {
            switch (outcome)
            {
                case "done": done += count; break;
                case "failed": failed += count; break;
                case "cancelled": cancelled += count; break;
            }
        }

        return new OutcomeCounts(done, failed, cancelled);
    }

    private static async Task<long> Count(DbConnection connection, string sql, long since, CancellationToken cancellationToken) =>
        await Sql.Command(connection, null, sql).With("@since", since).ScalarLongAsync(cancellationToken) ?? 0;
}
