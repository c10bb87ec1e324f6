using System.Collections.Concurrent;
using NeuroActors.Kie;

namespace NeuroActors.Actors.Admin;

/// <summary>
/// KIE's balance per key (<c>GET /api/v1/chat/credit</c>) for /keys, asked at most once per <see cref="Fresh"/> per key:
/// admins tap refresh freely, and each ask takes a query slot of the key. Node-local; a failed ask is remembered as
/// unknown for the same time.
/// </summary>
public sealed class KieBalanceCache(IKieGateway kie, TimeProvider time)
{
    public static readonly TimeSpan Fresh = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<KieKeyId, (decimal? Balance, DateTimeOffset At)> _known = new();

    public async Task<decimal?> BalanceAsync(KieKeyId keyId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_known.TryGetValue(keyId, out var known) && now - known.At < Fresh)
        {
            return known.Balance;
        }

        decimal? balance = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(AskTimeout);
            var result = await kie.GetCreditsAsync(keyId, timeout.Token);
            balance = result.IsSuccess ? result.Value : null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The key's query slots are busy (or KIE is slow): unknown this time.
        }

        _known[keyId] = (balance, now);
        return balance;
    }
}
