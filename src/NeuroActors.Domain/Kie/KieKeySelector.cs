namespace NeuroActors.Domain.Kie;

/// <summary>Which key takes the next piece of work: among those free now, the least busy in its window, then the least recently used.</summary>
public static class KieKeySelector
{
    /// <summary>The outcome of a pick: a key index to use now, or when to look again, or never.</summary>
    /// <param name="Index">The key to use now, if any.</param>
    /// <param name="NextChanceAt">When no key is free now: the earliest moment one will be.</param>
    /// <param name="Never">No key can ever serve (all disabled), or all cool longer than the patience allows.</param>
    public readonly record struct Pick(int? Index, DateTimeOffset? NextChanceAt, bool Never);

    public static Pick Choose(IReadOnlyList<KieKeyPacer> keys, KieWorkKind kind, DateTimeOffset now, TimeSpan coolingPatience)
    {
        int? best = null;
        DateTimeOffset? next = null;
        var anyCanServe = false;
        var anyWithinPatience = false;

        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            if (!key.CanServe(kind))
            {
                continue;
            }

            anyCanServe = true;
            if (key.CoolingBeyond(kind, now, coolingPatience))
            {
                continue;
            }

            anyWithinPatience = true;
            var at = key.AvailableAt(kind, now)!.Value;
            if (at <= now)
            {
                if (best is null || IsLessBusy(key, keys[best.Value], kind, now))
                {
                    best = i;
                }
            }
            else if (next is null || at < next)
            {
                next = at;
            }
        }

        if (best is not null)
        {
            return new Pick(best, null, false);
        }

        return anyCanServe && anyWithinPatience ? new Pick(null, next, false) : new Pick(null, null, true);
    }

    /// <summary>For work tied to one key (status queries of a task the key created).</summary>
    public static Pick ChooseOnly(KieKeyPacer key, KieWorkKind kind, DateTimeOffset now, TimeSpan coolingPatience)
    {
        if (!key.CanServe(kind) || key.CoolingBeyond(kind, now, coolingPatience))
        {
            return new Pick(null, null, true);
        }

        var at = key.AvailableAt(kind, now)!.Value;
        return at <= now ? new Pick(0, null, false) : new Pick(null, at, false);
    }

    private static bool IsLessBusy(KieKeyPacer candidate, KieKeyPacer current, KieWorkKind kind, DateTimeOffset now)
    {
        var a = candidate.InWindow(kind, now);
        var b = current.InWindow(kind, now);
        if (a != b)
        {
            return a < b;
        }

        return (candidate.LastUsedAt ?? DateTimeOffset.MinValue) < (current.LastUsedAt ?? DateTimeOffset.MinValue);
    }
}
