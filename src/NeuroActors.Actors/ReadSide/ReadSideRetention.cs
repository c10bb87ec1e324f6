using System.Data.Common;
using NeuroActors.Actors.Housekeeping;
using NeuroActors.Domain.Configuration;
using NeuroActors.Domain.Housekeeping;

namespace NeuroActors.Actors.ReadSide;

/// <summary>How long the read side keeps an order's detail (<c>Housekeeping:OrderDetailDays</c>, whole days).</summary>
public sealed record ReadSideRetentionSettings(int OrderDetailDays)
{
    public static ReadSideRetentionSettings Default { get; } = new(30);

    public static ReadSideRetentionSettings From(SettingReader settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var days = settings.Whole("Housekeeping:OrderDetailDays", 1, "a whole number of days, at least 1 (default 30)", 3650);
        return new ReadSideRetentionSettings((int)(days ?? Default.OrderDetailDays));
    }
}

/// <summary>
/// Housekeeping's read-side target: removes the detail of orders, jobs with their attempts and ledger entries older than
/// <see cref="ReadSideRetentionSettings.OrderDetailDays"/>, whole UTC days at a time, and adds those days' figures to
/// rs_daily in the same transaction (so each row is summed once, and the long view outlives the detail). Users, the
/// admins' account actions (the audit) and the paid charges (rs_payments, for /refund) stay. Orders not delivered and jobs
/// not finished stay whatever their age.
/// </summary>
public sealed class ReadSideRetention(ReadSideStore store, ReadSideRetentionSettings settings) : IRetentionTarget
{
    public const string TargetName = "readside-detail";

    public string Name => TargetName;

    /// <summary>Everything before this moment (midnight UTC, <paramref name="days"/> days back) is due.</summary>
    public static DateTimeOffset Cutoff(DateTimeOffset now, int days)
    {
        var day = now.UtcDateTime.Date.AddDays(-days);
        return new DateTimeOffset(day, TimeSpan.Zero);
    }

    public async Task<RetentionRun> RunAsync(RetentionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var cutoff = Sql.Millis(Cutoff(context.Now, settings.OrderDetailDays));
            await using var connection = await store.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await SummariseAsync(connection, transaction, cutoff, cancellationToken);
            long removed = 0;
            removed += await Delete(connection, transaction, """
                DELETE FROM rs_attempts WHERE request_id IN (SELECT request_id FROM rs_jobs WHERE finished_at < @cutoff)
                """, cutoff, cancellationToken);
            removed += await Delete(connection, transaction, "DELETE FROM rs_jobs WHERE finished_at < @cutoff", cutoff, cancellationToken);
            removed += await Delete(connection, transaction, "DELETE FROM rs_orders WHERE opened_at < @cutoff AND delivered_at IS NOT NULL", cutoff, cancellationToken);
            removed += await Delete(connection, transaction, "DELETE FROM rs_ledger WHERE at < @cutoff", cutoff, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new RetentionRun(new RetentionCount(TargetName, removed, 0, null), context.Checkpoint);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new RetentionRun(new RetentionCount(TargetName, 0, 0, e.GetBaseException().Message), context.Checkpoint);
        }
    }

    /// <summary>Adds the figures of the rows about to go to their days (additive: those rows are deleted in the same transaction).</summary>
    private static async Task SummariseAsync(DbConnection connection, DbTransaction transaction, long cutoff, CancellationToken cancellationToken)
    {
        string[] summaries =
        [
            "SELECT (finished_at / 86400000) * 86400000, 'generations', COALESCE(outcome, 'unknown'), COUNT(*) FROM rs_jobs WHERE finished_at < @cutoff GROUP BY finished_at / 86400000, outcome",
            "SELECT (opened_at / 86400000) * 86400000, 'orders', 'placed', COUNT(*) FROM rs_orders WHERE opened_at < @cutoff AND delivered_at IS NOT NULL GROUP BY opened_at / 86400000",
            "SELECT (at / 86400000) * 86400000, 'credits', kind, SUM(amount) FROM rs_ledger WHERE at < @cutoff GROUP BY at / 86400000, kind",
        ];
        foreach (var select in summaries)
        {
            await Sql.Command(connection, transaction, $"""
                    INSERT INTO rs_daily (day, figure, dimension, value) {select}
                    ON CONFLICT (day, figure, dimension) DO UPDATE SET value = rs_daily.value + excluded.value
                    """)
                .With("@cutoff", cutoff).RunAsync(cancellationToken);
        }
    }

    private static Task<int> Delete(DbConnection connection, DbTransaction transaction, string sql, long cutoff, CancellationToken cancellationToken) =>
        Sql.Command(connection, transaction, sql).With("@cutoff", cutoff).RunAsync(cancellationToken);
}
