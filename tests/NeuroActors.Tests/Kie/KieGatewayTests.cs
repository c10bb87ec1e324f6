using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using NeuroActors.Domain.Catalog;
using NeuroActors.Domain.Failures;
using NeuroActors.Domain.Kie;
using NeuroActors.Kie;

namespace NeuroActors.Tests.Kie;

public sealed class KieGatewayTests
{
    private static (KieGateway Gateway, StubHandler Handler, KieApiKey[] Keys) Gateway(Func<string, string> answerByAuthorization, params string[] secrets)
    {
        var handler = new StubHandler((request, _, _) =>
            Task.FromResult(StubHandler.Respond(200, answerByAuthorization(request.Headers.Authorization!.Parameter!))));
        var options = KieTestKit.Options(secrets);
        var clock = KieTestKit.Clock();
        var client = new KieApiClient(new StubHttpClientFactory(handler), Options.Create(options), clock);
        var pool = new KieKeyPool(options.ApiKeys, KiePacingLimits.Default, clock);
        return (new KieGateway(client, pool, clock), handler, options.ApiKeys.ToArray());
    }

    private static KieCreateRequest Request => KieCreateRequest.Market("z-image", new JsonObject { ["prompt"] = "a cat", ["aspect_ratio"] = "1:1" });

    private const string Created = """{"code":200,"msg":"success","data":{"taskId":"e989621f54392584b05867f87b160672"}}""";
    private const string NoCredits = """{"code":402,"msg":"The current credits are insufficient. Please top up.","data":null}""";

    [Fact]
    public async Task Create_refused_for_no_credits_moves_to_the_other_key_and_alerts_once()
    {
        var (gateway, handler, keys) = Gateway(secret => secret == KieTestKit.KeyA ? NoCredits : Created, KieTestKit.KeyA, KieTestKit.KeyB);
        var alerts = new List<KieKeyAlert>();
        gateway.Pool.KeyAlert += alerts.Add;

        var results = new List<KieResult<KieSubmittedTask>>();
        for (var i = 0; i < 4; i++)
        {
            results.Add(await gateway.SubmitAsync(Request));
        }

        Assert.All(results, r => Assert.Equal(keys[1].Id, r.Value!.KeyId));
        Assert.Equal(KieKeyDisableReason.NoCredits, Assert.Single(alerts).Reason);
        Assert.Equal(1, handler.Requests.Count(r => r.Authorization == "Bearer " + KieTestKit.KeyA));
    }

    [Fact]
    public async Task Create_refused_on_the_only_key_returns_the_billing_failure()
    {
        var (gateway, _, _) = Gateway(_ => NoCredits, KieTestKit.KeyA);

        var result = await gateway.SubmitAsync(Request);

        Assert.Equal((FailureClass.Billing, KieKeyEffect.DisableNoCredits), (result.Failure!.Class, result.Failure.Classification.KeyEffect));
        Assert.Equal("pool-no-usable-key", (await gateway.SubmitAsync(Request)).Failure!.Classification.Rule);
    }

    [Fact]
    public async Task Content_policy_failure_is_not_moved_to_another_key()
    {
        var (gateway, handler, _) = Gateway(_ => """{"code":400,"msg":"Your prompt was flagged by Website as violating content policies."}""", KieTestKit.KeyA, KieTestKit.KeyB);

        var result = await gateway.SubmitAsync(Request);

        Assert.Equal(FailureClass.UserViolation, result.Failure!.Class);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Status_query_uses_the_key_that_created_the_task()
    {
        var (gateway, handler, keys) = Gateway(
            secret => handlerAnswer(secret),
            KieTestKit.KeyA, KieTestKit.KeyB);

        var submitted = (await gateway.SubmitAsync(Request)).Value!;
        var status = await gateway.GetTaskAsync(submitted);

        Assert.Equal(KieTaskPhase.Succeeded, status.Value!.Phase);
        Assert.Equal(handler.Requests[0].Authorization, handler.Requests[1].Authorization);
        Assert.Contains(submitted.KeyId, keys.Select(k => k.Id));

        static string handlerAnswer(string secret) => """{"code":200,"msg":"success","data":{"taskId":"e989621f54392584b05867f87b160672","state":"success","resultJson":"{\"resultUrls\":[\"https://r/z.png\"]}"}}""";
    }

    [Fact]
    public async Task Unauthorized_query_disables_the_key_for_everything()
    {
        var (gateway, _, keys) = Gateway(_ => """{"code":401,"msg":"Unauthorized"}""", KieTestKit.KeyA);

        var first = await gateway.GetTaskAsync(ApiFamily.Market, "t1", keys[0].Id);
        var second = await gateway.GetTaskAsync(ApiFamily.Market, "t1", keys[0].Id);

        Assert.Equal(KieKeyEffect.DisableUnauthorized, first.Failure!.Classification.KeyEffect);
        Assert.Equal("pool-task-key-unavailable", second.Failure!.Classification.Rule);
        Assert.Equal(KieKeyDisableReason.Unauthorized, gateway.Pool.GetReport().Keys.Single().DisabledReason);
    }

    [Fact]
    public async Task Credits_of_a_given_key()
    {
        var (gateway, handler, keys) = Gateway(secret => secret == KieTestKit.KeyB ? """{"code":200,"msg":"success","data":7}""" : """{"code":200,"msg":"success","data":100}""", KieTestKit.KeyA, KieTestKit.KeyB);

        var credits = await gateway.GetCreditsAsync(keys[1].Id);

        Assert.Equal(7m, credits.Value);
        Assert.Equal("Bearer " + KieTestKit.KeyB, handler.Requests.Single().Authorization);
    }
}
