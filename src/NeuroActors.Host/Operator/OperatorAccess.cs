using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace NeuroActors.Host.Operator;

/// <summary>
/// Who may call the operator API: the bearer token, compared in constant time, when one is configured; loopback callers
/// only when none is. Five refused tokens within a minute from one address get 429 until that minute is over.
/// </summary>
public sealed class OperatorAccess(OperatorSettings settings, TimeProvider clock)
{
    public const int FailuresPerMinute = 5;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<IPAddress, (DateTimeOffset Since, int Count)> _failures = new();

    public async ValueTask<object?> CheckAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var caller = http.Connection.RemoteIpAddress ?? IPAddress.None;
        if (settings.Token is null)
        {
            return IPAddress.IsLoopback(caller)
                ? await next(context)
                : OperatorResults.Error(StatusCodes.Status403Forbidden, "Operator:Token is not set on this node, so it serves loopback callers only");
        }

        if (IsLockedOut(caller))
        {
            return OperatorResults.Error(StatusCodes.Status429TooManyRequests, "too many refused tokens from this address; wait a minute");
        }

        if (TokenMatches(http.Request.Headers.Authorization.ToString()))
        {
            return await next(context);
        }

        CountFailure(caller);
        return OperatorResults.Error(StatusCodes.Status401Unauthorized, "unauthorised");
    }

    private bool TokenMatches(string header)
    {
        const string scheme = "Bearer ";
        var offered = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : "";
        // Hashing first makes the comparison constant-time whatever the lengths.
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(settings.Token!));
        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(offered));
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    private bool IsLockedOut(IPAddress caller) =>
        _failures.TryGetValue(caller, out var entry) && clock.GetUtcNow() - entry.Since < Window && entry.Count >= FailuresPerMinute;

    private void CountFailure(IPAddress caller)
    {
        var now = clock.GetUtcNow();
        _failures.AddOrUpdate(caller, _ => (now, 1), (_, entry) => now - entry.Since >= Window ? (now, 1) : (entry.Since, entry.Count + 1));
    }
}
