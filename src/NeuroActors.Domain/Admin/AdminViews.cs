using NeuroActors.Domain.Catalog;
using NeuroActors.Domain.Credits;
using NeuroActors.Domain.Failures;

namespace NeuroActors.Domain.Admin;

/// <summary>The housekeeping singleton's schedule as the /admin panel shows it; null fields are unknown (it did not answer, or never ran).</summary>
public sealed record HousekeepingLine(bool Answered, DateTimeOffset? LastRunAt, long? LastRemoved, IReadOnlyList<string> LastFailures, DateTimeOffset? NextRunAt);

/// <summary>One of a user's last orders on the /user card.</summary>
public sealed record AdminOrderLine(string OrderId, string ModelId, int Variants, long UnitPrice, string State, DateTimeOffset PlacedAt);

/// <summary>A user's account as /user shows it.</summary>
public sealed record AdminUserCard(
    long UserId,
    string? FirstName,
    string? LanguageCode,
    long Balance,
    long Reserved,
    int Orders,
    DateTimeOffset? LastSeen,
    bool Banned,
    string? BanReason,
    bool BlockedTheBot,
    IReadOnlyList<AdminOrderLine> LastOrders);

/// <summary>One attempt of a variant at KIE: its task, the key (already masked), and how it failed.</summary>
public sealed record AdminAttemptLine(
    int Attempt,
    DateTimeOffset? StartedAt,
    string? TaskId,
    string? MaskedKey,
    DateTimeOffset? SubmittedAt,
    FailureClass? FailureClass,
    string? KieSaid,
    DateTimeOffset? FailedAt,
    DateTimeOffset? RetryAt);

/// <summary>One variant (one job) of an order: its state, attempts, credits and delivery.</summary>
public sealed record AdminVariantStory(
    string RequestId,
    string State,
    IReadOnlyList<AdminAttemptLine> Attempts,
    string? Outcome,
    string? Detail,
    ReservationState Credits,
    long CreditsAmount,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset? DeliveredAt);

/// <summary>An order's whole story for /find: who ordered what, and each variant's attempts.</summary>
public sealed record AdminOrderStory(string OrderId, long UserId, string? UserName, string? ModelId, string? Prompt, IReadOnlyList<AdminVariantStory> Variants);

/// <summary>One KIE key on /keys; the id is already masked (last 4 characters and a fingerprint).</summary>
public sealed record AdminKeyLine(
    string MaskedId,
    string Condition,
    DateTimeOffset? CoolingUntil,
    string? DisabledReason,
    string? DisabledDetail,
    int CreatesLastHour,
    int PollsLastHour,
    int RateLimitedLastHour,
    decimal? Balance);

/// <summary>A catalogue sync's outcome for /sync.</summary>
public sealed record AdminSyncLine(
    bool Succeeded,
    bool Changed,
    long Version,
    string? Problem,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Removed,
    IReadOnlyList<string> Repriced);

/// <summary>The /models listing, one entry per model of the catalogue.</summary>
public sealed record AdminModelsPage(IReadOnlyList<AdminModelEntry> Models, int Page, int Pages)
{
    public const int PerPage = 10;

    public static AdminModelsPage Of(IReadOnlyList<AdminModelEntry> all, int page)
    {
        ArgumentNullException.ThrowIfNull(all);
        var pages = Math.Max(1, (all.Count + PerPage - 1) / PerPage);
        var shown = Math.Clamp(page, 0, pages - 1);
        return new AdminModelsPage(all.Skip(shown * PerPage).Take(PerPage).ToArray(), shown, pages);
    }
}
