using System.Net;
using System.Net.Http.Headers;
using NeuroActors.IntegrationTests.Support;

namespace NeuroActors.IntegrationTests.Operator;

public sealed class OperatorAccessTests
{
    private const string Token = "operator-token-for-tests-0123456789";

    [Fact]
    public async Task With_a_token_a_missing_or_wrong_one_is_401_saying_nothing_else_and_the_sixth_wrong_try_in_a_minute_is_429()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var node = await TestNode.StartAsync(database, extra: new Dictionary<string, string?> { ["Operator:Token"] = Token });
        using var http = new HttpClient { BaseAddress = node.HttpAddress };

        var missing = await http.GetAsync("/operator/v1/health");
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("""{"error":"unauthorised"}""", await missing.Content.ReadAsStringAsync());

        for (var attempt = 2; attempt <= 5; attempt++)
        {
            var wrong = await SendAsync(http, "wrong-token-0123456789-" + attempt);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Equal("""{"error":"unauthorised"}""", await wrong.Content.ReadAsStringAsync());
        }

        var sixth = await SendAsync(http, "wrong-token-0123456789-6");
        Assert.Equal(HttpStatusCode.TooManyRequests, sixth.StatusCode);
        Assert.DoesNotContain(Token, await sixth.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_token_the_right_one_is_served()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var node = await TestNode.StartAsync(database, extra: new Dictionary<string, string?> { ["Operator:Token"] = Token });
        using var http = new HttpClient { BaseAddress = node.HttpAddress };

        var served = await SendAsync(http, Token);

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task Without_a_token_a_loopback_caller_is_served()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var node = await TestNode.StartAsync(database);
        using var http = new HttpClient { BaseAddress = node.HttpAddress };

        var served = await http.GetAsync("/operator/v1/health");

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Contains("\"database\":\"ok\"", await served.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/operator/v1/health");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http.SendAsync(request);
    }
}
