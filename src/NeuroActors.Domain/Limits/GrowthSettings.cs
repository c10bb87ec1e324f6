namespace NeuroActors.Domain.Limits;

/// <summary>
/// The growth and abuse settings of a node: <c>Credits:FreeDaily</c>, <c>Limits:UpdatesPerMinute</c>,
/// <c>Limits:OrdersInProgress</c> and <c>Referral:Bonus</c>.
/// </summary>
/// <param name="FreeDaily">Free generations per user per UTC day on models marked free (0: none).</param>
/// <param name="UpdatesPerMinute">More updates than this from one user in a minute are dropped (after one notice).</param>
/// <param name="OrdersInProgress">The most orders one user may have in progress.</param>
/// <param name="ReferralBonus">Credits an inviter earns when an invitee makes a first paid top-up.</param>
public sealed record GrowthSettings(int FreeDaily, int UpdatesPerMinute, int OrdersInProgress, long ReferralBonus)
{
    public static GrowthSettings Default { get; } = new(3, 40, 3, 20);
}
