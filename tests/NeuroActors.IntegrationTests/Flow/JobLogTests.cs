using System.Text.Json;
using NeuroActors.Domain.Conversation;
using NeuroActors.IntegrationTests.Support;

namespace NeuroActors.IntegrationTests.Flow;

/// <summary>A job's log lines, as an operator's log search sees them: in JSON, each with the job's request id as a field.</summary>
public sealed class JobLogTests
{
    [Fact]
    public async Task Every_json_log_line_of_a_job_carries_its_request_id_as_a_field()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var sandbox = await FlowSandbox.StartAsync();
        var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), new Dictionary<string, string?> { ["Logging:Format"] = "json" });
        string requestId;
        try
        {
            var ann = await FlowUser.CreateAsync(sandbox);
            await ann.StartAsync();
            var orderId = await ann.OrderAsync(MediaKind.Image, HappyPathTests.ImageModel, "a lighthouse at dusk", 1);
            requestId = orderId + "-1";
            await ann.WaitForClosingAsync(orderId);
            for (var deadline = DateTimeOffset.UtcNow + FlowUser.Patience; !(await FlowChecks.JobAsync(node, requestId)).Reported;)
            {
                Assert.True(DateTimeOffset.UtcNow < deadline, $"job {requestId} was never settled");
                await Task.Delay(100);
            }
        }
        finally
        {
            await node.DisposeAsync(); // flushes the log: every line of the job is written before it is read
        }

        var lines = node.Log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.Contains(requestId, StringComparison.Ordinal))
            .ToList();

        Assert.True(lines.Count >= 2, $"expected the job's accepted and finished lines, found:\n{string.Join('\n', lines)}");
        Assert.Contains(lines, line => line.Contains("accepted", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("finished", StringComparison.Ordinal));
        Assert.All(lines, line =>
        {
            using var json = JsonDocument.Parse(line);
            Assert.True(
                json.RootElement.TryGetProperty("RequestId", out var field) && field.ValueKind == JsonValueKind.String && field.GetString() == requestId,
                $"no RequestId field with {requestId} in: {line}");
        });
    }
}
