namespace NeuroActors.Sandbox.Telegram.Wire;

/// <summary>The HTTP face of the Bot API: <c>/bot{token}/{method}</c> (GET or POST) and <c>/file/bot{token}/{path}</c>.</summary>
internal static class BotApiEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        string[] verbs = ["GET", "POST"];
        endpoints.MapMethods("/bot{token}/{method}", verbs, (RequestDelegate)HandleAsync);

        // The test environment's URLs address the same sandbox.
        endpoints.MapMethods("/bot{token}/test/{method}", verbs, (RequestDelegate)HandleAsync);
        endpoints.MapGet("/file/bot{token}/{**path}", (RequestDelegate)DownloadAsync);
        endpoints.MapGet("/file/bot{token}/test/{**path}", (RequestDelegate)DownloadAsync);
    }

    private static async Task HandleAsync(HttpContext context)
    {
        var sandbox = context.RequestServices.GetRequiredService<BotApiSandbox>();
        var token = context.GetRouteValue("token") as string ?? string.Empty;
        var method = context.GetRouteValue("method") as string ?? string.Empty;
        var aborted = context.RequestAborted;
        try
        {
            var botId = Authorize(sandbox.Options, token);
            var parameters = await BotApiRequestReader.ReadAsync(context.Request, sandbox.Options.MaxUploadFileSize, aborted);
            var result = await sandbox.InvokeAsync(method, parameters, botId, isWebhookReply: false, aborted);
            await BotApiResponseWriter.WriteResultAsync(context.Response, result, aborted);
        }
        catch (BotApiException e) when (!aborted.IsCancellationRequested)
        {
            await BotApiResponseWriter.WriteErrorAsync(context.Response, e, aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away (for example a long poll it stopped waiting for).
        }
    }

    /// <summary>The bot id for a token, or the real server's 401s.</summary>
    private static long Authorize(BotApiSandboxOptions options, string token)
    {
        var botId = BotToken.TryGetBotId(token) ?? throw BotApiErrors.InvalidToken();
        if (options.RequiredToken is not null && !string.Equals(options.RequiredToken, token, StringComparison.Ordinal))
        {
            throw BotApiErrors.UnknownToken();
        }

        return botId;
    }

    private static async Task DownloadAsync(HttpContext context)
    {
        var sandbox = context.RequestServices.GetRequiredService<BotApiSandbox>();
        var token = context.GetRouteValue("token") as string ?? string.Empty;
        var path = context.GetRouteValue("path") as string ?? string.Empty;
        State.StoredFile? file = null;
        if (BotToken.TryGetBotId(token) is not null
            && (sandbox.Options.RequiredToken is null || sandbox.Options.RequiredToken == token))
        {
            lock (sandbox.State.Gate)
            {
                file = sandbox.State.Files.FindByPath(path);
            }
        }

        if (file is null || file.Size > sandbox.Options.MaxDownloadFileSize)
        {
            await BotApiResponseWriter.WriteErrorAsync(context.Response, new BotApiException(404, "Not Found"), context.RequestAborted);
            return;
        }

        context.Response.ContentType = file.MimeType ?? "application/octet-stream";
        context.Response.ContentLength = file.Size;
        await context.Response.Body.WriteAsync(file.Content, context.RequestAborted);
    }
}
