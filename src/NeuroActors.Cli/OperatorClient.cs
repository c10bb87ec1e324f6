using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace NeuroActors.Cli;

/// <summary>
/// One node's operator API (<c>&lt;node&gt;/operator/v1/...</c>): JSON in and out, the bearer token when given, the
/// timeout for the whole call. Every failure becomes a <see cref="CommandFailedException"/> with one line and its exit code.
/// </summary>
public sealed class OperatorClient(HttpClient http, Uri node, TimeSpan timeout) : IDisposable
{
    public const string Prefix = "operator/v1/";

    public static OperatorClient Create(Uri node, string? token, TimeSpan timeout, HttpMessageHandler? handler)
    {
        var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.BaseAddress = new Uri(node.GetLeftPart(UriPartial.Authority) + "/" + Prefix);
        http.Timeout = Timeout.InfiniteTimeSpan; // ours below, so a timeout says which node and how long
        if (token is not null)
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new OperatorClient(http, node, timeout);
    }

    public Task<JsonElement> GetAsync(string path, CancellationToken cancel) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancel);

    public Task<JsonElement> PostAsync(string path, object? body, CancellationToken cancel) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) }, cancel);

    public Task<JsonElement> PutAsync(string path, object? body, CancellationToken cancel) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Put, path) { Content = body is null ? null : JsonContent.Create(body) }, cancel);

    private async Task<JsonElement> SendAsync(HttpRequestMessage request, CancellationToken cancel)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await http.SendAsync(request, deadline.Token);
            var text = await response.Content.ReadAsStringAsync(deadline.Token);
            var body = TryParse(text);
            if (response.IsSuccessStatusCode)
                return body ?? throw new CommandFailedException(ExitCodes.Failed, $"{NodeName}: answered {(int)response.StatusCode} without JSON");
            var error = body is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String
                ? e.GetString()!
                : $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
            throw response.StatusCode switch
            {
                HttpStatusCode.Unauthorized => new CommandFailedException(ExitCodes.Unreachable, $"{NodeName}: {error} (check --token or NEUROCTL_TOKEN)"),
                HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests => new CommandFailedException(ExitCodes.Unreachable, $"{NodeName}: {error}"),
                HttpStatusCode.NotFound when body is null => new CommandFailedException(ExitCodes.Failed, $"{NodeName}: has no operator route {request.RequestUri} (an older node?)"),
                _ => new CommandFailedException(ExitCodes.Failed, error),
            };
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            throw new CommandFailedException(ExitCodes.Unreachable, $"{NodeName}: no answer within {Output.Duration(timeout)}");
        }
        catch (HttpRequestException e)
        {
            var reason = e.InnerException is SocketException socket ? socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.HostNotFound or SocketError.NoData => "host not found",
                _ => socket.Message,
            } : e.Message;
            throw new CommandFailedException(ExitCodes.Unreachable, $"{NodeName}: unreachable ({reason})");
        }
    }

    private string NodeName => $"node {node.GetLeftPart(UriPartial.Authority)}";

    private static JsonElement? TryParse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose() => http.Dispose();
}
