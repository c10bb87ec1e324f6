using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NeuroActors.IntegrationTests.Flow;
using NeuroActors.IntegrationTests.Support;

namespace NeuroActors.IntegrationTests.Observability;

/// <summary>/health: the background checks of database, KIE and Telegram, the disks, uptime and the last 10 checks.</summary>
public sealed class HealthJsonTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Health_shows_every_part_and_a_failing_kie_shows_in_a_later_check_while_ready_keeps_its_meaning()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var sandbox = await FlowSandbox.StartAsync();
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), new Dictionary<string, string?> { ["Health:CheckInterval"] = "1s" });
        using var http = new HttpClient { BaseAddress = node.HttpAddress };

        using (var first = await WaitForHealthAsync(http, h => h.GetProperty("status").GetString() == "ok"))
        {
            var health = first.RootElement;
            Assert.Equal("Up", health.GetProperty("member").GetString());
            Assert.True(health.GetProperty("uptimeSeconds").GetDouble() >= 0);
            foreach (var part in new[] { "database", "kie", "telegram" })
            {
                Assert.True(health.GetProperty(part).GetProperty("ok").GetBoolean(), part);
                Assert.False(string.IsNullOrEmpty(health.GetProperty(part).GetProperty("detail").GetString()), part);
            }

            var disks = health.GetProperty("disks").EnumerateArray().ToList();
            Assert.Contains(disks, d => d.GetProperty("purpose").GetString() == "database" && d.GetProperty("freeBytes").GetInt64() > 0);
            Assert.Contains(disks, d => d.GetProperty("purpose").GetString() == "working-directory");
            Assert.InRange(health.GetProperty("checks").GetArrayLength(), 1, 10);
        }

        // KIE stops accepting the node's key: the next background check says so; the node's own readiness is not KIE's.
        using var control = new HttpClient { BaseAddress = sandbox.Origin };
        using var keys = await control.PutAsJsonAsync("/sandbox/kie/keys", new { keys = new[] { "another-key-entirely" } });
        Assert.Equal(HttpStatusCode.OK, keys.StatusCode);

        using var failing = await WaitForHealthAsync(http, h => h.GetProperty("kie").GetProperty("ok").GetBoolean() == false);
        var degraded = failing.RootElement;
        Assert.Equal("degraded", degraded.GetProperty("status").GetString());
        Assert.True(degraded.GetProperty("database").GetProperty("ok").GetBoolean());
        Assert.True(degraded.GetProperty("telegram").GetProperty("ok").GetBoolean());
        Assert.DoesNotContain(FlowSandbox.KieKey, degraded.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(FlowSandbox.BotToken, degraded.GetRawText(), StringComparison.Ordinal);
        var checks = degraded.GetProperty("checks").EnumerateArray().ToList();
        Assert.InRange(checks.Count, 2, 10);
        Assert.False(checks[0].GetProperty("kie").GetProperty("ok").GetBoolean());
        Assert.False(checks[0].GetProperty("ok").GetBoolean());
        Assert.Contains(checks, c => c.GetProperty("kie").GetProperty("ok").GetBoolean()); // an earlier one, when KIE took the key
        Assert.True(checks[0].GetProperty("at").GetDateTimeOffset() >= checks[^1].GetProperty("at").GetDateTimeOffset(), "newest first");

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);

        // Never more than the last 10.
        using var later = await WaitForHealthAsync(http, h => h.GetProperty("checks").GetArrayLength() == 10 && !h.GetProperty("checks")[9].GetProperty("kie").GetProperty("ok").GetBoolean());
        Assert.Equal(10, later.RootElement.GetProperty("checks").GetArrayLength());
    }

    private static async Task<JsonDocument> WaitForHealthAsync(HttpClient http, Func<JsonElement, bool> condition)
    {
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (true)
        {
            var answer = await http.GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            var text = await answer.Content.ReadAsStringAsync();
            var document = JsonDocument.Parse(text);
            if (document.RootElement.GetProperty("status").GetString() != "starting" && condition(document.RootElement)) return document;
            document.Dispose();
            Assert.True(DateTimeOffset.UtcNow < deadline, "/health never reached the expected state; last answer: " + text);
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }
}
