using NeuroActors.Domain.Configuration;
using NeuroActors.Domain.Credits;

namespace NeuroActors.Domain.Admin;

/// <summary>Limits on what one admin or operator action may do (configuration, section <c>Admin</c>).</summary>
public static class AdminLimits
{
    /// <summary>Default of <c>Admin:MaxGrant</c>, the largest grant or debit in one action.</summary>
    public const long DefaultMaxGrant = 100_000;

    /// <summary>Reads <c>Admin:MaxGrant</c> (a bad value stops the node with exit code 2, naming the key).</summary>
    public static long MaxGrant(SettingReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.Whole("Admin:MaxGrant", 1, "set Admin:MaxGrant to a positive whole number of credits (the largest grant or debit in one action)", CreditLedger.MaxAmount)
               ?? DefaultMaxGrant;
    }
}
