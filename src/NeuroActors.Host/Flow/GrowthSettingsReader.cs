using NeuroActors.Domain.Configuration;
using NeuroActors.Domain.Limits;

namespace NeuroActors.Host.Flow;

/// <summary>Reads <c>Credits:FreeDaily</c>, <c>Limits:UpdatesPerMinute</c>, <c>Limits:OrdersInProgress</c> and <c>Referral:Bonus</c>.</summary>
public static class GrowthSettingsReader
{
    public static GrowthSettings Read(SettingReader settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var defaults = GrowthSettings.Default;
        var free = settings.Whole("Credits:FreeDaily", minimum: 0, "set Credits:FreeDaily to the free generations a user gets per UTC day on free models, 0 or more, e.g. 3", maximum: 1000)
                   ?? defaults.FreeDaily;
        var updates = settings.Whole("Limits:UpdatesPerMinute", minimum: 1, "set Limits:UpdatesPerMinute to a whole number from 1, e.g. 40", maximum: 100_000)
                      ?? defaults.UpdatesPerMinute;
        var orders = settings.Whole("Limits:OrdersInProgress", minimum: 1, "set Limits:OrdersInProgress to a whole number from 1, e.g. 3", maximum: 1000)
                     ?? defaults.OrdersInProgress;
        var bonus = settings.Whole("Referral:Bonus", minimum: 0, "set Referral:Bonus to the credits an inviter earns, 0 or more, e.g. 20", maximum: 1_000_000)
                    ?? defaults.ReferralBonus;
        return new GrowthSettings((int)free, (int)updates, (int)orders, bonus);
    }
}
