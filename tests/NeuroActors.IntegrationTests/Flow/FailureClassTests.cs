using Microsoft.Extensions.DependencyInjection;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.IntegrationTests.Support;
using NeuroActors.Sandbox.Kie;
using NeuroActors.Sandbox.Telegram;

namespace NeuroActors.IntegrationTests.Flow;

/// <summary>
/// Every failure class of DESIGN.md through the chat: the user reads what happened in plain words, the credits come back,
/// and the admins hear of it exactly for Billing and Unknown.
/// </summary>
public sealed class FailureClassTests
{
    private const string ImageModel = HappyPathTests.ImageModel;
    private const long Welcome = 50;

    /// <summary>A failure class, the marker that makes the simulated KIE fail so, words the user's notice must hold, and the admin alert's title.</summary>
    public sealed record FailureCase(string Name, string Marker, string[] NoticeSays, string? AlertTitle, int KieTasks)
    {
        public override string ToString() => Name;
    }

    private static readonly FailureCase[] Cases =
    [
        new("user-violation", "[[fail:content-policy]]", ["The model refused this prompt", "Change the prompt"], null, KieTasks: 1),
        new("billing", "[[fail:402]]", ["Something went wrong on our side, not your fault"], "Billing failure", KieTasks: 0),
        new("rate-limit", "[[fail:429]]", ["The model is too busy right now", "try again in a few minutes"], null, KieTasks: 0),
        new("temporary-500", "[[fail:500]]", ["The model is overloaded right now", "We tried 4 times"], null, KieTasks: 0),
        new("temporary-generation-failed", "[[fail:generation]]", ["The model is overloaded right now", "We tried 4 times"], null, KieTasks: 4),
        new("unknown", "[[fail:505]]", ["Something went wrong on our side, not your fault"], "Unknown failure", KieTasks: 0),
    ];

    public static TheoryData<string, string> ProvidersAndClasses()
    {
        var data = new TheoryData<string, string>();
        foreach (var provider in new[] { "sqlite", "postgres" })
        {
            foreach (var failure in Cases)
            {
                data.Add(provider, failure.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ProvidersAndClasses))]
    public async Task A_failed_order_tells_the_user_in_plain_words_gives_the_credits_back_and_alerts_admins_only_for_billing_and_unknown(string provider, string failureName)
    {
        var failure = Cases.Single(c => c.Name == failureName);
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var sandbox = await FlowSandbox.StartAsync(floodLimits: false);
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), new Dictionary<string, string?>
        {
            ["Credits:Welcome"] = Welcome.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Kie:Pacing:RateLimitCooldown"] = "1s", // a 429 rests the only key this long before the next try
        });
        var admin = await FlowUser.CreateAsync(sandbox, "Boss", id: FlowUser.AdminId);
        await admin.StartAsync();
        var ann = await FlowUser.CreateAsync(sandbox);
        await ann.StartAsync();

        var orderId = await ann.OrderAsync(MediaKind.Image, ImageModel, "a red fox in the snow " + failure.Marker, 1);
        var messages = await ann.WaitUntilAsync(m => m.Any(x => IsNotice(x, orderId)), TimeSpan.FromSeconds(90), "the failure notice");

        var notice = messages.Last(m => IsNotice(m, orderId));
        Assert.All(failure.NoticeSays, words => Assert.Contains(words, notice.PlainText, StringComparison.Ordinal));
        Assert.Contains("back on your balance", notice.PlainText, StringComparison.Ordinal);
        Assert.DoesNotContain(messages, m => m.Media is not null);

        var state = await ann.SettledStateAsync(node);
        Assert.Equal(Welcome, state.Balance);
        Assert.Equal(0, state.Reserved);
        Assert.Empty(state.OpenOrders);
        Assert.Equal(failure.KieTasks, (await sandbox.Kie.GetTasksAsync(ImageModel)).Count);

        if (failure.AlertTitle is { } title)
        {
            var alerts = await admin.WaitUntilAsync(m => m.Any(x => IsAlertAbout(x, orderId)), what: "the admin alert");
            var alert = Assert.Single(alerts, x => IsAlertAbout(x, orderId));
            Assert.Contains(title, alert.PlainText, StringComparison.Ordinal);
            Assert.Contains(ann.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), alert.PlainText, StringComparison.Ordinal);
        }
        else
        {
            // The alert, had there been one, went to the outbox before the notice, so it is queued in the admin's chat ahead
            // of the admin's answer to a marker.
            var marker = await admin.PassMarkerAsync();
            Assert.DoesNotContain(ChatMarker.Before(await sandbox.Telegram.GetBotMessagesAsync(admin.Id), marker), x => IsAlertAbout(x, orderId));
        }
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_temporary_failure_twice_then_success_captures_once_and_delivers_once(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var sandbox = await FlowSandbox.StartAsync(floodLimits: false);
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), new Dictionary<string, string?> { ["Credits:Welcome"] = "50" });
        var price = node.App.Services.GetRequiredService<MenuSource>().Current.FindById(ImageModel)!.Price;
        var ann = await FlowUser.CreateAsync(sandbox);
        await ann.StartAsync();
        await sandbox.Kie.SetNextTaskBehaviourAsync(new KieBehaviour(Outcome: KieTaskOutcome.GenerationFailed));
        await sandbox.Kie.SetNextTaskBehaviourAsync(new KieBehaviour(Outcome: KieTaskOutcome.GenerationFailed));

        var orderId = await ann.OrderAsync(MediaKind.Image, ImageModel, "a lighthouse at dusk", 1);
        var messages = await ann.WaitForClosingAsync(orderId);

        var closing = messages.Last(m => FlowUser.IsClosing(m, orderId));
        Assert.DoesNotContain("went wrong", closing.PlainText, StringComparison.Ordinal);
        Assert.Single(messages, m => m.Media?.Kind == "photo");
        var tasks = await sandbox.Kie.GetTasksAsync(ImageModel);
        Assert.Equal(3, tasks.Count);
        Assert.Equal(2, tasks.Count(t => t.State == KieTaskPhase.Fail));

        var state = await ann.SettledStateAsync(node);
        Assert.Equal(50 - price, state.Balance);
        Assert.Equal(0, state.Reserved);
        Assert.Empty(state.OpenOrders);
        Assert.Equal([orderId], state.RecentOrders);
    }

    /// <summary>The closing message of a failed order: it names the order and offers at least the way back to the menu.</summary>
    private static bool IsNotice(TranscriptMessage message, string orderId) =>
        message.Media is null && message.PlainText?.Contains("#" + orderId, StringComparison.Ordinal) == true
        && message.Buttons.Any(b => FlowUser.Action(b) is CallbackAction.OpenMainMenu);

    private static bool IsAlertAbout(TranscriptMessage message, string orderId) =>
        message.PlainText?.Contains("🚨", StringComparison.Ordinal) == true && message.PlainText.Contains("#" + orderId, StringComparison.Ordinal);
}
