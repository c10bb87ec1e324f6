using Microsoft.Extensions.Options;

namespace NeuroActors.Kie.Observability;

/// <summary>One probe of KIE for /health: the credit balance with the first configured key (the cheapest authenticated call).</summary>
public sealed class KieReachability(KieApiClient client, IOptions<KieOptions> options)
{
    /// <summary>Ok with the balance, or the classified failure (codes and the masked key id only; never the key).</summary>
    public async Task<(bool Ok, string Detail)> CheckAsync(CancellationToken cancel)
    {
        if (options.Value.ApiKeys is not [var key, ..]) return (false, "no Kie:ApiKeys configured");
        var answer = await client.GetCreditsAsync(key, cancel);
        return answer.IsSuccess
            ? (true, $"credits {answer.Value}")
            : (false, answer.Failure!.ToString());
    }
}
