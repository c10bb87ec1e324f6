using Microsoft.Extensions.Options;
using NeuroActors.Sandbox.Telegram.Methods;
using NeuroActors.Sandbox.Telegram.State;
using NeuroActors.Sandbox.Telegram.Webhooks;
using NeuroActors.Sandbox.Telegram.Wire;

namespace NeuroActors.Sandbox.Telegram;

/// <summary>One Bot API call: its parameters and the bot (from the token) that made it.</summary>
internal sealed record BotApiCall(BotApiSandbox Sandbox, string Method, BotApiParameters Parameters, BotIdentity Bot, bool IsWebhookReply, CancellationToken CancellationToken)
{
    public BotSandboxState State => Sandbox.State;

    public BotApiSandboxOptions Options => Sandbox.Options;
}

internal delegate Task<BotApiResult> BotApiMethod(BotApiCall call);

/// <summary>The in-memory Bot API server: state, method table, media fetching and webhook delivery. A singleton.</summary>
internal sealed class BotApiSandbox : IAsyncDisposable
{
    private readonly Dictionary<string, BotApiMethod> _methods = new(StringComparer.Ordinal);

    public BotApiSandbox(IOptions<BotApiSandboxOptions> options, ILogger<BotApiSandbox> logger)
    {
        Options = options.Value;
        Logger = logger;
        State = new BotSandboxState(Options);
        UrlClient = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true, PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        Webhooks = new WebhookDeliverer(this);
        UpdateMethods.Register(_methods);
        MessageMethods.Register(_methods);
        MediaMethods.Register(_methods);
        CallbackMethods.Register(_methods);
        PaymentMethods.Register(_methods);
        BotMethods.Register(_methods);
    }

    public BotApiSandboxOptions Options { get; }

    public ILogger Logger { get; }

    public BotSandboxState State { get; }

    /// <summary>Fetches media the bot sends by URL.</summary>
    public HttpClient UrlClient { get; }

    public WebhookDeliverer Webhooks { get; }

    /// <summary>Runs a method; the method name is matched case-insensitively, as the real server lowercases it.</summary>
    public async Task<BotApiResult> InvokeAsync(string method, BotApiParameters parameters, long botId, bool isWebhookReply, CancellationToken cancellationToken)
    {
        var name = method.ToLowerInvariant();
        BotIdentity bot;
        lock (State.Gate)
        {
            bot = new BotIdentity(botId, Options.BotFirstName, Options.BotUsername);
            State.Bot = bot;
        }

        if (!_methods.TryGetValue(name, out var handler))
        {
            Count(name, 404);
            throw BotApiErrors.MethodNotFound();
        }

        try
        {
            var result = await handler(new BotApiCall(this, name, parameters, bot, isWebhookReply, cancellationToken));
            Count(name, null);
            return result;
        }
        catch (BotApiException e)
        {
            Count(name, e.ErrorCode);
            throw;
        }
    }

    private void Count(string method, int? errorCode)
    {
        lock (State.Gate)
        {
            State.CountCall(method, errorCode);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Webhooks.DisposeAsync();
        UrlClient.Dispose();
    }
}
