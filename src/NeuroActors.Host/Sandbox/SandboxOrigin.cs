using NeuroActors.Host.Configuration;
using NeuroActors.Telegram;

namespace NeuroActors.Host.Sandbox;

/// <summary>
/// Where the node's own HTTP origin really is. With a fixed port that is known from the start; with port 0 the
/// configured clients carry the placeholder <c>http://127.0.0.1:0</c> until Kestrel has bound, and
/// <see cref="SandboxOriginHandler"/> rewrites their requests to the real origin (waiting for it if need be).
/// </summary>
public sealed class SandboxOrigin : IWebhookUrlResolver
{
    private readonly TaskCompletionSource<Uri> _resolved = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SandboxOrigin(SandboxSettings settings)
    {
        Configured = settings.Origin;
        if (!settings.ResolvedAfterStart) _resolved.SetResult(settings.Origin);
    }

    /// <summary>The origin written into configuration (Telegram:ApiBaseUrl, Kie:BaseUrl, Llm:BaseUrl).</summary>
    public Uri Configured { get; }

    /// <summary>The origin clients reach; completes when the server has bound.</summary>
    public Task<Uri> Resolved => _resolved.Task;

    /// <summary>Takes the first bound address of the configured scheme (a wildcard host read as 127.0.0.1).</summary>
    public void Resolve(IEnumerable<string> serverAddresses)
    {
        var bound = serverAddresses
            .Select(a => Uri.TryCreate(a, UriKind.Absolute, out var uri) ? uri : null)
            .OfType<Uri>()
            .OrderBy(u => u.Scheme == Configured.Scheme ? 0 : 1)
            .FirstOrDefault(u => u.Port != 0);
        if (bound is null) return;
        _resolved.TrySetResult(new UriBuilder(bound.Scheme, SandboxSettings.ClientHost(bound.Host), bound.Port).Uri);
    }

    /// <summary>True for a URL on the placeholder origin, i.e. one that must be rewritten before it is sent.</summary>
    public bool IsPlaceholder(Uri uri) =>
        Configured.Port == 0 && uri.IsAbsoluteUri && uri.Port == 0
        && string.Equals(uri.Host, Configured.Host, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Scheme, Configured.Scheme, StringComparison.OrdinalIgnoreCase);

    /// <summary>The same URL on the real origin; other URLs come back unchanged. Waits for the server to bind.</summary>
    public async Task<Uri> RewriteAsync(Uri uri, CancellationToken cancel)
    {
        if (!IsPlaceholder(uri)) return uri;
        var real = await Resolved.WaitAsync(cancel);
        return new UriBuilder(uri) { Scheme = real.Scheme, Host = real.Host, Port = real.Port }.Uri;
    }

    Task<Uri> IWebhookUrlResolver.ResolveAsync(Uri configured, CancellationToken cancel) => RewriteAsync(configured, cancel);
}

/// <summary>Sends requests for the placeholder origin to the real one; added to every HttpClient the factory builds.</summary>
public sealed class SandboxOriginHandler(SandboxOrigin origin) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri && origin.IsPlaceholder(uri))
            request.RequestUri = await origin.RewriteAsync(uri, cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}
