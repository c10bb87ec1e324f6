using NeuroActors.Host.Configuration;
using NeuroActors.Host.Sandbox;

namespace NeuroActors.Tests.Gateway;

public sealed class SandboxOriginTests
{
    [Fact]
    public async Task A_fixed_port_is_the_origin_from_the_start_and_nothing_is_rewritten()
    {
        var origin = new SandboxOrigin(SandboxSettings.FromHttpUrls("http://127.0.0.1:8080"));
        Assert.True(origin.Resolved.IsCompleted);
        var url = new Uri("http://127.0.0.1:8080/bot1:a/getMe");
        Assert.Same(url, await origin.RewriteAsync(url, CancellationToken.None));
    }

    [Fact]
    public async Task Port_0_requests_wait_for_the_bound_address_and_go_there()
    {
        var origin = new SandboxOrigin(SandboxSettings.FromHttpUrls("http://127.0.0.1:0"));
        var placeholder = new Uri("http://127.0.0.1:0/api/v1/chat/credit?x=1");
        var rewriting = origin.RewriteAsync(placeholder, CancellationToken.None);
        Assert.False(rewriting.IsCompleted);

        origin.Resolve(["http://[::]:41234", "http://127.0.0.1:41235"]);

        Assert.Equal(new Uri("http://127.0.0.1:41234/api/v1/chat/credit?x=1"), await rewriting);
    }

    [Fact]
    public async Task Only_the_placeholder_origin_is_rewritten()
    {
        var origin = new SandboxOrigin(SandboxSettings.FromHttpUrls("http://127.0.0.1:0"));
        origin.Resolve(["http://127.0.0.1:5000"]);
        var elsewhere = new Uri("https://api.kie.ai/api/v1/jobs/createTask");
        Assert.Same(elsewhere, await origin.RewriteAsync(elsewhere, CancellationToken.None));
        Assert.False(origin.IsPlaceholder(new Uri("http://127.0.0.1:5000/x")));
    }

    [Fact]
    public async Task The_handler_sends_a_client_request_to_the_real_origin()
    {
        var origin = new SandboxOrigin(SandboxSettings.FromHttpUrls("http://127.0.0.1:0"));
        origin.Resolve(["http://127.0.0.1:5000"]);
        var recorder = new RecordingHandler();
        using var client = new HttpClient(new SandboxOriginHandler(origin) { InnerHandler = recorder });

        using var _ = await client.GetAsync(new Uri("http://127.0.0.1:0/sandbox/telegram/stats"));

        Assert.Equal(new Uri("http://127.0.0.1:5000/sandbox/telegram/stats"), recorder.Seen);
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public Uri? Seen { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Seen = request.RequestUri;
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK));
        }
    }
}
