using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NeuroActors.Kie;

namespace NeuroActors.Tests.Kie;

/// <summary>An HTTP handler that answers from a function and records what it was sent.</summary>
internal sealed class StubHandler(Func<HttpRequestMessage, string, CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
{
    public List<(HttpMethod Method, Uri Uri, string? Authorization, string Body, string? ContentType)> Requests { get; } = [];

    public static StubHandler Json(int httpStatus, string body) =>
        new((_, _, _) => Task.FromResult(Respond(httpStatus, body)));

    public static HttpResponseMessage Respond(int httpStatus, string body, string contentType = "application/json") =>
        new((HttpStatusCode)httpStatus) { Content = new StringContent(body, Encoding.UTF8, contentType) };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (Requests)
        {
            Requests.Add((request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), body, request.Content?.Headers.ContentType?.MediaType));
        }

        return await answer(request, body, cancellationToken);
    }
}

internal sealed class StubHttpClientFactory(HttpMessageHandler handler) : IHttpClientFactory
{
    public HttpClient CreateClient(string name) => new(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
}

internal static class KieTestKit
{
    public const string KeyA = "0123456789abcdef0123456789abaaaa";
    public const string KeyB = "fedcba9876543210fedcba98765bbbbb";

    public static KieOptions Options(params string[] keys) => new()
    {
        BaseUrl = new Uri("http://kie.test"),
        UploadBaseUrl = new Uri("http://upload.test"),
        ApiKeys = keys.Select(k => new KieApiKey(k)).ToArray(),
        RequestTimeout = TimeSpan.FromSeconds(30),
    };

    public static KieApiClient Client(StubHandler handler, KieOptions? options = null, TimeProvider? time = null) =>
        new(new StubHttpClientFactory(handler), Microsoft.Extensions.Options.Options.Create(options ?? Options(KeyA)), time);

    public static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));
}
