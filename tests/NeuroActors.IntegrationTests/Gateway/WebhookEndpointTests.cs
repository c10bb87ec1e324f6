using System.Net;
using System.Text;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NeuroActors.Actors.Users;
using NeuroActors.Host.Gateway;

namespace NeuroActors.IntegrationTests.Gateway;

/// <summary>POST /telegram/webhook over real HTTP, with a probe standing in for the user region.</summary>
public sealed class WebhookEndpointTests : IAsyncLifetime, IDisposable
{
    private const string Secret = "webhook_Secret-123";
    private readonly ProbeScript _script = new();
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddAkka("webhook-test", (akka, _) =>
            akka.WithActors((system, registry) => registry.Register<UserRegion>(system.ActorOf(_script.Props(), "users"))));
        _app = builder.Build();
        _app.MapTelegramWebhook(Secret, acceptTimeout: TimeSpan.FromSeconds(1));
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
    }

    public void Dispose() => _http.Dispose();

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static string TextUpdate(long updateId, long userId = 42, string text = "hello") =>
        $$$"""
          {"update_id":{{{updateId}}},"message":{"message_id":7,"date":1700000000,
           "chat":{"id":{{{userId}}},"type":"private","first_name":"Ann"},
           "from":{"id":{{{userId}}},"is_bot":false,"first_name":"Ann","language_code":"en"},"text":"{{{text}}}"}}
          """;

    private Task<HttpResponseMessage> PostAsync(string body, string? secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/telegram/webhook")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (secret is not null) request.Headers.Add(TelegramWebhookEndpoint.SecretHeader, secret);
        return _http.SendAsync(request);
    }

    [Fact]
    public async Task A_forged_or_missing_secret_gets_401_and_no_update_reaches_the_region()
    {
        var forged = await PostAsync(TextUpdate(501), "webhook_Secret-124");
        var missing = await PostAsync(TextUpdate(502), null);
        var empty = await PostAsync(TextUpdate(503), "");
        var longer = await PostAsync(TextUpdate(504), Secret + "x");

        Assert.All(new[] { forged, missing, empty, longer }, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        // A good call afterwards is the first and only thing the region sees.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(TextUpdate(505), Secret)).StatusCode);
        Assert.Equal(505, (await _script.NextAsync()).Update.UpdateId);
        Assert.False(_script.Seen.Reader.TryRead(out _));
    }

    [Fact]
    public async Task A_good_call_is_answered_200_only_after_the_user_accepted_the_update()
    {
        _script.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var response = PostAsync(TextUpdate(601, userId: 77, text: "draw a cat"), Secret);

        var handed = await _script.NextAsync();
        Assert.Equal(77, handed.UserId);
        Assert.Equal("draw a cat", handed.Update.Text);
        Assert.False(response.IsCompleted, "the webhook answered before the user accepted the update");

        _script.Gate.SetResult();
        Assert.Equal(HttpStatusCode.OK, (await response).StatusCode);
    }

    [Fact]
    public async Task An_update_not_accepted_in_time_gets_500_so_Telegram_sends_it_again()
    {
        _script.SilentOnce[701] = true;
        var first = await PostAsync(TextUpdate(701), Secret);
        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);

        var again = await PostAsync(TextUpdate(701), Secret);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(701, (await _script.NextAsync()).Update.UpdateId);
        Assert.Equal(701, (await _script.NextAsync()).Update.UpdateId);
    }

    [Fact]
    public async Task A_body_that_is_not_an_update_gets_400()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("{not json", Secret)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("null", Secret)).StatusCode);
        Assert.False(_script.Seen.Reader.TryRead(out _));
    }

    [Fact]
    public async Task An_update_the_bot_ignores_is_acknowledged_without_reaching_the_region()
    {
        const string edited = """
            {"update_id":801,"edited_message":{"message_id":7,"date":1700000000,"edit_date":1700000005,
             "chat":{"id":42,"type":"private","first_name":"Ann"},"from":{"id":42,"is_bot":false,"first_name":"Ann"},"text":"changed"}}
            """;
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(edited, Secret)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(TextUpdate(802), Secret)).StatusCode);
        Assert.Equal(802, (await _script.NextAsync()).Update.UpdateId);
    }
}
