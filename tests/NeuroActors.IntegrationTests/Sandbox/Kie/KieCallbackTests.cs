using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using NeuroActors.Domain.Kie;
using NeuroActors.Sandbox.Kie;

namespace NeuroActors.IntegrationTests.Sandbox.Kie;

public sealed class KieCallbackTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    /// <summary>The contract's algorithm, written out here independently of the simulator's code.</summary>
    private static string ContractSignature(string key, string taskId, string timestamp) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(taskId + "." + timestamp)));

    [Fact]
    public void Signature_matches_the_contracts_test_vector()
    {
        const string expected = "xG6/yOyrMyJtUdc1yjmHpKLHSHF3MpzOPa6uxSj3qb4=";

        Assert.Equal(expected, KieWebhookSignature.Compute("test-webhook-hmac-key", "ee9c2715375b7837f8bb51d641ff5863", "1769670760"));
        Assert.Equal(expected, ContractSignature("test-webhook-hmac-key", "ee9c2715375b7837f8bb51d641ff5863", "1769670760"));
        var signedAt = DateTimeOffset.FromUnixTimeSeconds(1769670760);
        Assert.True(KieWebhookSignature.Verify("test-webhook-hmac-key", "ee9c2715375b7837f8bb51d641ff5863", "1769670760", expected, signedAt, KieWebhookSignature.DefaultMaxAge) == KieSignatureCheck.Valid);
        Assert.False(KieWebhookSignature.Verify("another-key", "ee9c2715375b7837f8bb51d641ff5863", "1769670760", expected, signedAt, KieWebhookSignature.DefaultMaxAge) == KieSignatureCheck.Valid);
    }

    [Fact]
    public async Task Success_callback_carries_the_documented_body_and_no_signature_by_default()
    {
        await using var host = await KieSandboxHost.StartAsync(o => o.InitialBalance = 100m);
        var taskId = await host.CreateTaskAsync("google/nano-banana", new { prompt = "a fox" }, host.CallbackUrl());

        var callback = await host.Callbacks.NextAsync();

        Assert.StartsWith("application/json", callback.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.False(callback.Headers.ContainsKey(KieWebhookSignature.SignatureHeader));
        Assert.False(callback.Headers.ContainsKey(KieWebhookSignature.TimestampHeader));
        Assert.Equal(200, (int)callback.Json["code"]!);
        Assert.Equal("Playground task completed successfully.", (string)callback.Json["msg"]!);
        var data = callback.Json["data"]!.AsObject();
        Assert.Equal(taskId, (string)data["taskId"]!);
        Assert.Equal("google/nano-banana", (string)data["model"]!);
        Assert.Equal("success", (string)data["state"]!);
        Assert.Equal(host.CallbackUrl(), (string)JsonNode.Parse((string)data["param"]!)!["callBackUrl"]!);
        Assert.Single(JsonNode.Parse((string)data["resultJson"]!)!["resultUrls"]!.AsArray());
        Assert.Null(data["failCode"]);
        Assert.Null(data["failMsg"]);
        Assert.Equal(4m, (decimal)data["consumeCredits"]!);
        Assert.Equal(96m, (decimal)data["remainedCredits"]!);
        Assert.Equal(4m, (decimal)data["creditsConsumed"]!);
        Assert.NotNull(data["costTime"]);
        Assert.NotNull(data["completeTime"]);
        Assert.NotNull(data["createTime"]);
    }

    [Fact]
    public async Task Failure_callback_has_code_501_and_the_fail_code_and_message()
    {
        await using var host = await KieSandboxHost.StartAsync();
        var taskId = await host.CreateTaskAsync("google/nano-banana", new { prompt = "x [[fail:content-policy]]" }, host.CallbackUrl());

        var callback = await host.Callbacks.NextAsync();

        Assert.Equal(501, (int)callback.Json["code"]!);
        Assert.Equal("Playground task failed.", (string)callback.Json["msg"]!);
        var data = callback.Json["data"]!.AsObject();
        Assert.Equal(taskId, (string)data["taskId"]!);
        Assert.Equal("fail", (string)data["state"]!);
        Assert.Null(data["resultJson"]);
        Assert.Equal("422", (string)data["failCode"]!);
        Assert.Equal("Invalid prompt: prompt contains prohibited content", (string)data["failMsg"]!);
        Assert.Equal(0m, (decimal)data["consumeCredits"]!);
    }

    [Fact]
    public async Task With_an_hmac_key_every_callback_is_signed_as_the_contract_specifies()
    {
        const string hmacKey = "my-webhook-hmac-key";
        await using var host = await KieSandboxHost.StartAsync(o => o.HmacKey = hmacKey);
        var taskId = await host.CreateTaskAsync("google/nano-banana", new { prompt = "a fox" }, host.CallbackUrl());

        var callback = await host.Callbacks.NextAsync();

        var timestamp = callback.Headers[KieWebhookSignature.TimestampHeader];
        Assert.Matches("^[0-9]{10}$", timestamp);
        Assert.Equal(ContractSignature(hmacKey, taskId, timestamp), callback.Headers[KieWebhookSignature.SignatureHeader]);
        Assert.Equal(taskId, (string)callback.Json["data"]!["taskId"]!);
    }

    [Fact]
    public async Task Signing_can_be_switched_on_through_the_control_api()
    {
        await using var host = await KieSandboxHost.StartAsync();
        var settings = await host.Control.UpdateSettingsAsync(new KieSettingsUpdate(HmacKey: "switched-on-key"));
        Assert.Equal("****-key", settings.HmacKey);

        var taskId = await host.CreateTaskAsync("google/nano-banana", new { prompt = "a fox" }, host.CallbackUrl());
        var callback = await host.Callbacks.NextAsync();

        var timestamp = callback.Headers[KieWebhookSignature.TimestampHeader];
        Assert.Equal(ContractSignature("switched-on-key", taskId, timestamp), callback.Headers[KieWebhookSignature.SignatureHeader]);
    }

    [Fact]
    public async Task Callback_is_retried_after_non_2xx_answers_until_one_succeeds()
    {
        await using var host = await KieSandboxHost.StartAsync();
        host.Callbacks.AnswerNext(500, 503);
        var taskId = await host.CreateTaskAsync("google/nano-banana", new { prompt = "a fox" }, host.CallbackUrl());

        var view = await host.Control.WaitForTaskAsync(taskId, t => t.CallbacksSettled, Wait);

        Assert.Equal([500, 503, 200], view.Callbacks.Select(c => c.StatusCode));
        Assert.Equal([1, 2, 3], view.Callbacks.Select(c => c.Attempt));
        Assert.Equal(3, host.Callbacks.All.Count);
        Assert.Single(host.Callbacks.All.Select(c => c.Body).Distinct());
    }

    [Fact]
    public async Task Callback_stops_after_three_retries()
    {
        await using var host = await KieSandboxHost.StartAsync();
        host.Callbacks.AnswerNext(500, 500, 500, 500, 500, 500);
        var taskId = await host.CreateTaskAsync("google/nano-banana", new { prompt = "a fox" }, host.CallbackUrl());

        var view = await host.Control.WaitForTaskAsync(taskId, t => t.CallbacksSettled, Wait);

        Assert.Equal(4, view.Callbacks.Count);
        Assert.All(view.Callbacks, c => Assert.Equal(500, c.StatusCode));
        Assert.Equal(4, host.Callbacks.All.Count);
    }

    [Fact]
    public async Task Callback_to_an_unreachable_receiver_is_retried_and_recorded()
    {
        await using var host = await KieSandboxHost.StartAsync(o => o.CallbackRetries = 1);
        var taskId = await host.CreateTaskAsync("google/nano-banana", new { prompt = "a fox" }, "http://127.0.0.1:1/nothing-listens-here");

        var view = await host.Control.WaitForTaskAsync(taskId, t => t.CallbacksSettled, Wait);

        Assert.Equal(2, view.Callbacks.Count);
        Assert.All(view.Callbacks, c =>
        {
            Assert.Null(c.StatusCode);
            Assert.False(string.IsNullOrEmpty(c.Error));
        });
    }

    [Fact]
    public async Task Each_callback_is_delivered_twice_when_asked()
    {
        await using var host = await KieSandboxHost.StartAsync(o => o.DeliverCallbacksTwice = true);
        var taskId = await host.CreateTaskAsync("google/nano-banana", new { prompt = "a fox" }, host.CallbackUrl());

        var first = await host.Callbacks.NextAsync();
        var second = await host.Callbacks.NextAsync();
        var view = await host.Control.WaitForTaskAsync(taskId, t => t.CallbacksSettled, Wait);

        Assert.Equal(first.Body, second.Body);
        Assert.Equal(taskId, (string)second.Json["data"]!["taskId"]!);
        Assert.Equal([1, 2], view.Callbacks.Select(c => c.Delivery));
    }

    [Fact]
    public async Task No_callback_is_sent_without_a_callback_url()
    {
        await using var host = await KieSandboxHost.StartAsync();
        var taskId = await host.CreateTaskAsync("google/nano-banana", new { prompt = "a fox" });

        var view = await host.Control.WaitForTaskAsync(taskId, t => t.CallbacksSettled, Wait);

        Assert.Empty(view.Callbacks);
        Assert.Empty(host.Callbacks.All);
    }
}
