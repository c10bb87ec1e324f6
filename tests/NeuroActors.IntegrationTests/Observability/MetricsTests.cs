using System.Globalization;
using System.Net;
using NeuroActors.Domain.Conversation;
using NeuroActors.IntegrationTests.Flow;
using NeuroActors.IntegrationTests.Support;

namespace NeuroActors.IntegrationTests.Observability;

/// <summary>/metrics of a real node after a real journey through the sandbox.</summary>
public sealed class MetricsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task After_one_order_the_metrics_count_updates_replies_kie_calls_jobs_and_the_runtime_and_no_label_is_an_id()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var sandbox = await FlowSandbox.StartAsync();
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), new Dictionary<string, string?> { ["Credits:Welcome"] = "50" });
        var ann = await FlowUser.CreateAsync(sandbox);
        await ann.StartAsync();
        var orderId = await ann.OrderAsync(MediaKind.Image, HappyPathTests.ImageModel, "a red fox in the snow", 1);
        await ann.WaitForClosingAsync(orderId);
        using var http = new HttpClient { BaseAddress = node.HttpAddress };

        // Counters move as the events happen; the shard sample comes every few seconds: read until all are there.
        var (text, samples) = await ScrapeUntilAsync(http, s =>
            s.Sum("neuroactors_job_transitions_total", ("state", "done")) > 0
            && s.Sum("neuroactors_order_transitions_total", ("state", "delivered")) > 0
            && s.Sum("neuroactors_shard_region_entities", ("region", "user")) > 0);

        Assert.True(samples.Sum("neuroactors_updates_received_total", ("kind", "text")) > 0, "text updates received");
        Assert.True(samples.Sum("neuroactors_updates_received_total", ("kind", "callback_query")) > 0, "taps received");
        Assert.True(samples.Sum("neuroactors_updates_handled_total", ("kind", "callback_query"), ("duplicate", "false")) > 0, "taps handled");
        Assert.True(samples.Sum("neuroactors_update_first_reply_seconds_count", ("kind", "text")) > 0, "first reply to a text timed");
        Assert.True(samples.Sum("neuroactors_update_first_reply_seconds_bucket", ("kind", "callback_query"), ("le", "+Inf")) > 0, "first reply to a tap in the histogram");
        Assert.True(samples.Sum("neuroactors_callback_answer_seconds_count") > 0, "tap answers timed");
        Assert.True(samples.Sum("neuroactors_kie_calls_total", ("endpoint", "create_task"), ("code", "200")) > 0, "createTask counted by endpoint and code");
        Assert.True(samples.Sum("neuroactors_kie_call_seconds_count", ("endpoint", "create_task")) > 0, "createTask timed");
        Assert.True(samples.Sum("neuroactors_kie_callbacks_total", ("result", "accepted")) > 0, "KIE's callbacks counted");
        Assert.True(samples.Sum("neuroactors_job_transitions_total", ("state", "accepted")) > 0, "jobs accepted");
        Assert.True(samples.Sum("neuroactors_order_transitions_total", ("state", "opened")) > 0, "orders opened");
        Assert.True(samples.Sum("neuroactors_credit_ledger_events_total", ("kind", "captured")) > 0, "credits captured");
        Assert.True(samples.Sum("neuroactors_persist_seconds_count", ("aggregate", "user")) > 0, "user writes timed");
        Assert.True(samples.Sum("neuroactors_outbox_messages_total", ("class", "reply"), ("outcome", "sent")) > 0, "replies sent");
        Assert.Equal(1, samples.Sum("neuroactors_cluster_members", ("status", "up"), ("reachable", "true")));
        Assert.Equal(1, samples.Sum("neuroactors_kie_key_state", ("state", "healthy")));
        Assert.Contains(samples, s => s.Name == "neuroactors_shard_region_entities" && s.Has("region", "job"));
        Assert.Contains(samples, s => s.Name == "neuroactors_outbox_queue_depth");

        // .NET runtime: GC, thread pool, CPU, memory.
        Assert.Contains(samples, s => s.Name.StartsWith("system_runtime_dotnet_gc_collections", StringComparison.Ordinal));
        Assert.Contains(samples, s => s.Name.StartsWith("system_runtime_dotnet_thread_pool_thread_count", StringComparison.Ordinal));
        Assert.True(samples.Sum("process_cpu_seconds_total") > 0, "CPU time");
        Assert.True(samples.Sum("process_working_set_bytes") > 0, "memory");

        var ids = new[] { ann.Id.ToString(CultureInfo.InvariantCulture), orderId, FlowSandbox.KieKey, FlowSandbox.BotToken };
        foreach (var sample in samples)
        {
            foreach (var (label, value) in sample.Labels)
            {
                Assert.DoesNotContain(ids, id => value.Contains(id, StringComparison.Ordinal));
                Assert.False(label == "user_id" || label == "request_id", $"{sample.Name} has a {label} label");
            }
        }

        Assert.DoesNotContain(FlowSandbox.KieKey, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_webhook_mode_the_webhook_answers_are_counted_by_code_and_timed()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var sandbox = await FlowSandbox.StartAsync();
        await using var node = await FlowWebhook.StartNodeAsync(sandbox, database, FlowSandbox.FreePort());
        var ann = await FlowUser.CreateAsync(sandbox);
        await ann.StartAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, await FlowWebhook.PostAsync(node, FlowWebhook.TextMessage(2_000_000_001, ann.Id, "/menu"), "forged_secret-1234567890"));
        using var http = new HttpClient { BaseAddress = node.HttpAddress };

        var (_, samples) = await ScrapeUntilAsync(http, s =>
            s.Sum("neuroactors_http_answers_total", ("endpoint", "telegram_webhook"), ("code", "200")) > 0
            && s.Sum("neuroactors_http_answers_total", ("endpoint", "telegram_webhook"), ("code", "401")) > 0);

        Assert.True(samples.Sum("neuroactors_http_answer_seconds_count", ("endpoint", "telegram_webhook")) >= 2, "webhook answers timed");
        Assert.True(samples.Sum("neuroactors_updates_received_total", ("kind", "text")) > 0, "the webhook's updates reach the gateway counter");
    }

    [Fact]
    public async Task With_a_metrics_token_a_scrape_without_it_gets_401()
    {
        const string token = "metrics-token-for-tests-0123456789";
        await using var database = TestDatabase.CreateSqlite();
        await using var node = await TestNode.StartAsync(database, extra: new Dictionary<string, string?> { ["Metrics:Token"] = token });
        using var http = new HttpClient { BaseAddress = node.HttpAddress };

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/metrics")).StatusCode);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { { "Authorization", "Bearer not-the-token-at-all-0000" } } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong)).StatusCode);
        using var right = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { { "Authorization", "Bearer " + token } } };
        var answer = await http.SendAsync(right);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("neuroactors_uptime_seconds", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    internal static async Task<(string Text, IReadOnlyList<PrometheusSample> Samples)> ScrapeUntilAsync(HttpClient http, Func<IReadOnlyList<PrometheusSample>, bool> done)
    {
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (true)
        {
            var answer = await http.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.StartsWith("text/plain", answer.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
            var text = await answer.Content.ReadAsStringAsync();
            var samples = PrometheusText.Parse(text);
            if (done(samples)) return (text, samples);
            Assert.True(DateTimeOffset.UtcNow < deadline, "the metrics never showed the journey; last scrape:\n" + text);
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }
}
