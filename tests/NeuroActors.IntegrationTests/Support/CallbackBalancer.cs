using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace NeuroActors.IntegrationTests.Support;

/// <summary>
/// The load balancer an operator puts in front of a cluster for KIE's callbacks: node i hands KIE
/// <c>{Base}/via/i/kie/callback/...</c>; a callback goes to node i while it is in rotation, else to the next node that
/// is. It forwards the node's answer as it is, so KIE (the simulator) retries what a node refused.
/// </summary>
public sealed class CallbackBalancer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<int, Uri> _nodes = new();
    private readonly ConcurrentQueue<(int Via, int To, int Status)> _forwarded = new();
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(30) };

    private CallbackBalancer(WebApplication app) => _app = app;

    public Uri Base { get; private set; } = null!;

    /// <summary>Each forwarded callback: the node it was meant for, the node that took it, and that node's answer.</summary>
    public IReadOnlyList<(int Via, int To, int Status)> Forwarded => _forwarded.ToArray();

    public static async Task<CallbackBalancer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var balancer = new CallbackBalancer(app);
        app.Map("/via/{index:int}/{**rest}", (Func<HttpContext, int, string, Task>)balancer.ForwardAsync);
        await app.StartAsync();
        balancer.Base = new Uri(app.Urls.First());
        return balancer;
    }

    /// <summary>The callback base URL node <paramref name="index"/> gives KIE.</summary>
    public string CallbackBaseFor(int index) => new Uri(Base, $"via/{index}").ToString();

    public void Add(int index, Uri node) => _nodes[index] = node;

    /// <summary>Out of rotation (the node is gone); its callbacks go to the others.</summary>
    public void Remove(int index) => _nodes.TryRemove(index, out _);

    private async Task ForwardAsync(HttpContext context, int index, string rest)
    {
        var order = _nodes.Keys.Order().ToList();
        var to = _nodes.ContainsKey(index) ? index : order.FirstOrDefault(i => i > index, order.FirstOrDefault(-1));
        if (to < 0 || !_nodes.TryGetValue(to, out var node))
        {
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            return;
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(node, rest + context.Request.QueryString));
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        request.Content = new ByteArrayContent(body.ToArray());
        foreach (var (name, values) in context.Request.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) continue;
            if (!request.Headers.TryAddWithoutValidation(name, values.ToArray())) request.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
        }

        try
        {
            using var answer = await _client.SendAsync(request);
            _forwarded.Enqueue((index, to, (int)answer.StatusCode));
            context.Response.StatusCode = (int)answer.StatusCode;
            await answer.Content.CopyToAsync(context.Response.Body);
        }
        catch (HttpRequestException)
        {
            _forwarded.Enqueue((index, to, StatusCodes.Status502BadGateway));
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }
}
