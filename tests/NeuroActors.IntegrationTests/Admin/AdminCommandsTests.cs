using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NeuroActors.Actors.ReadSide;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Broadcasts;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;
using NeuroActors.IntegrationTests.Flow;
using NeuroActors.IntegrationTests.Support;
using NeuroActors.Sandbox.Kie;
using NeuroActors.Sandbox.Telegram;

namespace NeuroActors.IntegrationTests.Admin;

/// <summary>The admin commands end to end: an admin of <c>Admin:TelegramIds</c> in a sandbox chat, through a real node.</summary>
public sealed class AdminCommandsTests
{
    private const string ImageModel = HappyPathTests.ImageModel;
    private const long Welcome = 50;

    private static Dictionary<string, string?> Settings(IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?> { ["Credits:Welcome"] = "50", ["Admin:MaxGrant"] = "1000" };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        return settings;
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task An_admin_grants_debits_bans_and_unbans_with_clear_answers_and_the_user_is_told_in_their_language(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var sandbox = await FlowSandbox.StartAsync(floodLimits: false);
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), Settings());
        var ann = await FlowUser.CreateAsync(sandbox, "Ann", "ru", username: "ann_fox");
        await ann.StartAsync();
        var boss = await FlowUser.CreateAsync(sandbox, "Boss", "en", FlowUser.AdminId);

        // An admin still uses the bot as a user: /start reaches their own conversation.
        await boss.StartAsync();
        var panel = await AskAsync(boss, "/admin", m => m.PlainText?.Contains("Admin panel", StringComparison.Ordinal) == true);
        Assert.Contains("Housekeeping", panel.PlainText, StringComparison.Ordinal);
        Assert.Equal(
            [AdminCommand.Metrics, AdminCommand.FindRequest, AdminCommand.Users, AdminCommand.Models, AdminCommand.Keys, AdminCommand.Broadcast],
            panel.Buttons.Select(b => ((CallbackAction.Admin)FlowUser.Action(b)).Command));

        var granted = await AskAsync(boss, $"/grant {ann.Id} 70 compensation", m => m.PlainText?.StartsWith('✅') == true);
        Assert.Equal($"✅ +70 credits to Ann (id {ann.Id}), reason: compensation. Balance: {Welcome + 70}.", granted.PlainText);
        await ann.WaitUntilAsync(m => m.Any(x => x.PlainText?.Contains("Вам начислено 70", StringComparison.Ordinal) == true), what: "the grant notice in Russian");

        var refused = await AskAsync(boss, $"/debit {ann.Id} {Welcome + 71} chargeback", m => m.PlainText?.StartsWith('❌') == true);
        Assert.Contains($"has {Welcome + 70} available credits", refused.PlainText, StringComparison.Ordinal);
        var tooMuch = await AskAsync(boss, $"/grant {ann.Id} 1001 generous", m => m.PlainText?.StartsWith('❌') == true);
        Assert.Contains("Admin:MaxGrant", tooMuch.PlainText, StringComparison.Ordinal);
        Assert.Contains("Type /grant", (await AskAsync(boss, $"/grant {ann.Id} -5 oops", m => m.PlainText?.StartsWith("Type", StringComparison.Ordinal) == true)).PlainText, StringComparison.Ordinal);
        Assert.Contains("never started", (await AskAsync(boss, "/grant 777000777 5 hello", m => m.PlainText?.Contains("never", StringComparison.Ordinal) == true)).PlainText, StringComparison.Ordinal);
        var debited = await AskAsync(boss, $"/debit {ann.Id} 20 chargeback", m => m.PlainText?.StartsWith('✅') == true);
        Assert.Contains($"Balance: {Welcome + 50}.", debited.PlainText, StringComparison.Ordinal);
        Assert.Equal(Welcome + 50, (await ann.StateAsync(node)).Balance);
        Assert.False((await node.AskRegionAsync<UserRegion, UserStateReply>(new GetUserState(777000777))).Registered);

        Assert.Contains("No user @nobody_here", (await AskAsync(boss, "/user @nobody_here", m => m.PlainText?.StartsWith("👤", StringComparison.Ordinal) == true)).PlainText, StringComparison.Ordinal);
        await ReadSideKnowsAsync(node, q => q.UserIdByUsernameAsync("ann_fox", CancellationToken.None), ann.Id);
        var card = await AskAsync(boss, "/user @ann_fox", m => m.PlainText?.StartsWith("👤 Ann", StringComparison.Ordinal) == true);
        Assert.Contains($"Balance: {Welcome + 50}, reserved: 0", card.PlainText, StringComparison.Ordinal);
        Assert.Contains("Not banned", card.PlainText, StringComparison.Ordinal);
        var ban = await sandbox.Telegram.PressButtonAsync(boss.Id, card.Buttons.Single(b => FlowUser.Action(b) is CallbackAction.Admin { Command: AdminCommand.BanUser }).CallbackData, messageId: card.MessageId);
        Assert.True(ban.Answer.Answered);
        await boss.WaitUntilAsync(m => m.Any(x => x.PlainText == $"✅ Ann (id {ann.Id}) is banned, reason: banned from the user card."), what: "the ban's answer");

        var restricted = AccountTexts.Restricted(Language.Russian);
        await ann.WaitUntilAsync(m => m.Any(x => x.PlainText?.StartsWith(restricted, StringComparison.Ordinal) == true), what: "the ban notice");
        await ann.SendTextAsync("/start");
        await ann.WaitUntilAsync(m => m.Count(x => x.PlainText == restricted) == 1, what: "the restricted answer to /start");
        Assert.True((await ann.StateAsync(node)).Banned);

        await AskAsync(boss, $"/unban {ann.Id}", m => m.PlainText == $"✅ Ann (id {ann.Id}) is unbanned.");
        var seen = (await ann.WaitUntilAsync(m => m.Any(x => x.PlainText?.Contains("Ограничения с вашего аккаунта сняты", StringComparison.Ordinal) == true), what: "the unban notice")).Count;
        await ann.SendTextAsync("/start");
        await ann.WaitUntilAsync(m => m.Skip(seen).Any(x => x.Buttons.Any(b => FlowUser.Action(b) is CallbackAction.OpenKind)), what: "the main menu after the unban");
        Assert.Contains("not banned", (await AskAsync(boss, $"/unban {ann.Id}", m => m.PlainText?.Contains("nothing changed", StringComparison.Ordinal) == true)).PlainText, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_grant_delivered_three_times_counts_once_and_a_non_admin_grant_or_admin_changes_and_reveals_nothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var sandbox = await FlowSandbox.StartAsync(floodLimits: false);
        var port = FlowSandbox.FreePort();
        await using var node = await FlowWebhook.StartNodeAsync(sandbox, database, port, Settings());
        var ann = await FlowUser.CreateAsync(sandbox);
        await ann.StartAsync();
        var bob = await FlowUser.CreateAsync(sandbox, "Bob");
        await bob.StartAsync();
        var boss = await FlowUser.CreateAsync(sandbox, "Boss", "en", FlowUser.AdminId);
        await boss.StartAsync();

        // Telegram redelivers an update whose answer it did not get: the same bytes, the same update_id.
        var grant = FlowWebhook.TextMessage(2_000_000_001, boss.Id, $"/grant {ann.Id} 70 sorry for the outage", "Boss");
        for (var delivery = 0; delivery < 3; delivery++)
        {
            Assert.Equal(HttpStatusCode.OK, await FlowWebhook.PostAsync(node, grant));
        }

        await boss.WaitUntilAsync(m => m.Any(x => x.PlainText?.StartsWith("✅ +70", StringComparison.Ordinal) == true), what: "the grant's answer");
        await ann.PassMarkerAsync();
        var bossMarker = await boss.PassMarkerAsync();
        Assert.Single(ChatMarker.Before(await sandbox.Telegram.GetBotMessagesAsync(boss.Id), bossMarker), m => m.PlainText?.StartsWith("✅ +70", StringComparison.Ordinal) == true);
        Assert.Single(await sandbox.Telegram.GetBotMessagesAsync(ann.Id), m => m.PlainText?.Contains("You received 70 credits", StringComparison.Ordinal) == true);
        Assert.Equal(Welcome + 70, (await ann.StateAsync(node)).Balance);

        // A non-admin typing admin commands gets the unknown-command answer, and nothing happens.
        var before = (await sandbox.Telegram.GetBotMessagesAsync(bob.Id)).Count;
        foreach (var command in new[] { $"/grant {ann.Id} 500 gift", "/admin", "/stats", $"/ban {ann.Id}", $"/user {ann.Id}", "/broadcast" })
        {
            await bob.SendTextAsync(command);
        }

        var marker = await bob.PassMarkerAsync();
        var answers = ChatMarker.Before(await sandbox.Telegram.GetBotMessagesAsync(bob.Id), marker).Skip(before).ToArray();
        Assert.Equal(6, answers.Length);
        Assert.All(answers, m =>
        {
            Assert.Contains("I do not know this command", m.PlainText, StringComparison.Ordinal);
            Assert.DoesNotContain("Admin", m.PlainText, StringComparison.Ordinal);
            Assert.DoesNotContain(m.Buttons, b => FlowUser.Action(b) is CallbackAction.Admin);
        });
        var annState = await ann.StateAsync(node);
        Assert.Equal((Welcome + 70, false), (annState.Balance, annState.Banned));
        Assert.Equal(Welcome, (await bob.StateAsync(node)).Balance);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Find_after_a_failed_then_retried_job_shows_both_attempts_and_the_credits(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var sandbox = await FlowSandbox.StartAsync(floodLimits: false);
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), Settings());
        var ann = await FlowUser.CreateAsync(sandbox);
        await ann.StartAsync();
        var boss = await FlowUser.CreateAsync(sandbox, "Boss", "en", FlowUser.AdminId);
        await sandbox.Kie.SetNextTaskBehaviourAsync(new KieBehaviour(Outcome: KieTaskOutcome.GenerationFailed));

        var orderId = await ann.OrderAsync(MediaKind.Image, ImageModel, "a lighthouse at dusk", 1);
        await ann.WaitForClosingAsync(orderId);
        await FlowChecks.WaitForJobsSettledAsync(node, orderId, 1);
        var tasks = (await sandbox.Kie.GetTasksAsync(ImageModel)).OrderBy(t => t.CreatedAt).ToArray();
        Assert.Equal(2, tasks.Length);

        foreach (var query in new[] { orderId, OrderIds.RequestId(orderId, 1).ToLowerInvariant() })
        {
            var story = await AskAsync(boss, "/find " + query, m => m.PlainText?.Contains("Order #" + orderId, StringComparison.Ordinal) == true);
            var text = story.PlainText!;
            Assert.Contains($"User: Ann (id {ann.Id})", text, StringComparison.Ordinal);
            Assert.Contains("Model: " + ImageModel, text, StringComparison.Ordinal);
            Assert.Contains("Prompt: a lighthouse at dusk", text, StringComparison.Ordinal);
            Assert.Contains("attempt 1: task " + tasks[0].TaskId, text, StringComparison.Ordinal);
            Assert.Contains("attempt 2: task " + tasks[1].TaskId, text, StringComparison.Ordinal);
            Assert.Contains("failed Temporary", text, StringComparison.Ordinal);
            Assert.Contains("retries: 1; credits:", text, StringComparison.Ordinal);
            Assert.Contains("reserved, captured", text, StringComparison.Ordinal);
            Assert.DoesNotContain(FlowSandbox.KieKey, text, StringComparison.Ordinal);
        }

        Assert.Contains("Nothing found", (await AskAsync(boss, "/find ZZZZZZZZZZ-1", m => m.PlainText?.StartsWith("🔍", StringComparison.Ordinal) == true)).PlainText, StringComparison.Ordinal);
        Assert.Contains("Nothing found", (await AskAsync(boss, "/find no-such-task", m => m.PlainText?.StartsWith("🔍", StringComparison.Ordinal) == true)).PlainText, StringComparison.Ordinal);

        // A KIE task id (either attempt's) is found through the read side, once it has projected the job.
        await ReadSideKnowsAsync(node, q => q.RequestIdByKieTaskIdAsync(tasks[0].TaskId, CancellationToken.None), OrderIds.RequestId(orderId, 1));
        var byTask = await AskAsync(boss, "/find " + tasks[0].TaskId, m => m.PlainText?.StartsWith("🔍", StringComparison.Ordinal) == true);
        Assert.Contains("attempt 2: task " + tasks[1].TaskId, byTask.PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Models_keys_stats_and_broadcast_answer_the_admin_and_a_key_out_of_credits_alerts_once()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var sandbox = await FlowSandbox.StartAsync(floodLimits: false);
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), Settings());
        var boss = await FlowUser.CreateAsync(sandbox, "Boss", "ru", FlowUser.AdminId);

        var models = await AskAsync(boss, "/models", m => m.PlainText?.StartsWith("🎨 Модели", StringComparison.Ordinal) == true);
        Assert.Contains(models.Buttons, b => FlowUser.Action(b) is CallbackAction.Admin { Command: AdminCommand.ModelsPage, Argument: 1 });
        await sandbox.Telegram.PressButtonAsync(boss.Id, models.Buttons.First(b => FlowUser.Action(b) is CallbackAction.Admin { Command: AdminCommand.ModelsPage }).CallbackData, messageId: models.MessageId);
        await boss.WaitUntilAsync(m => m.Any(x => x.MessageId == models.MessageId && x.PlainText?.Contains("(2/", StringComparison.Ordinal) == true), what: "page 2 in place");

        await AskAsync(boss, $"/model {ImageModel} off", m => m.PlainText?.Contains("скрыта на всех узлах", StringComparison.Ordinal) == true);
        await WaitUntilAsync(() => node.App.Services.GetService(typeof(MenuSource)) is MenuSource menu && menu.Current.FindById(ImageModel) is null, "the model hidden");
        await AskAsync(boss, $"/model {ImageModel} on", m => m.PlainText?.Contains("включена на всех узлах", StringComparison.Ordinal) == true);
        Assert.Contains("Ничего не изменено", (await AskAsync(boss, "/model no-such-model off", m => m.PlainText?.StartsWith("🎨", StringComparison.Ordinal) == true)).PlainText, StringComparison.Ordinal);
        await AskAsync(boss, "/sync", m => m.PlainText?.StartsWith("🔄", StringComparison.Ordinal) == true || m.PlainText?.StartsWith('❌') == true);

        var keys = await AskAsync(boss, "/keys", m => m.PlainText?.StartsWith("🔑 Ключи KIE", StringComparison.Ordinal) == true);
        Assert.Contains("🟢 активен", keys.PlainText, StringComparison.Ordinal);
        Assert.Contains("баланс: ", keys.PlainText, StringComparison.Ordinal);
        Assert.DoesNotContain("неизвестен", keys.PlainText, StringComparison.Ordinal);
        Assert.DoesNotContain(FlowSandbox.KieKey, keys.PlainText, StringComparison.Ordinal);

        // /stats: the read side's reporter sends the chart; 🔄 edits the same message.
        var stats = await AskAsync(boss, "/stats", m => m.Media?.Kind == "photo");
        Assert.StartsWith("📈 Метрики", stats.PlainText, StringComparison.Ordinal);
        await sandbox.Telegram.PressButtonAsync(boss.Id, Assert.Single(stats.Buttons).CallbackData, messageId: stats.MessageId);
        await sandbox.Telegram.WaitForChangeAsync(boss.Id, c => c.Kind == ChatChangeKinds.Edit && c.Message?.MessageId == stats.MessageId, FlowUser.Patience);
        Assert.Single(await sandbox.Telegram.GetBotMessagesAsync(boss.Id), m => m.Media?.Kind == "photo");

        // Compose a broadcast: content, audience, preview, confirm; a double-tapped confirm starts one broadcast.
        var ann = await FlowUser.CreateAsync(sandbox, "Ann", "ru");
        await ann.StartAsync();
        await ReadSideKnowsAsync(node, async q => (await q.AudienceAsync(BroadcastAudience.Russian, DateTimeOffset.UtcNow, CancellationToken.None)).Contains(ann.Id), true);
        await AskAsync(boss, "/broadcast", m => m.PlainText?.StartsWith("📣 Пришлите", StringComparison.Ordinal) == true);
        Assert.Contains("Ничего не изменено", (await AskAsync(boss, "/model no-such-model off", m => m.PlainText?.StartsWith("🎨", StringComparison.Ordinal) == true)).PlainText, StringComparison.Ordinal);
        // The command left the draft: the next text is no broadcast's content but the admin's own conversation's.
        var text = await boss.SendTextAsync("Big news for everyone");
        await boss.PassMarkerAsync();
        Assert.DoesNotContain(await sandbox.Telegram.GetBotMessagesAsync(boss.Id), m => m.MessageId > text.MessageId && m.Buttons.Any(b => FlowUser.Action(b) is CallbackAction.Admin { Command: AdminCommand.BroadcastToAll }));
        await AskAsync(boss, "/broadcast", m => m.PlainText?.StartsWith("📣 Пришлите", StringComparison.Ordinal) == true);
        var audience = await AskAsync(boss, "<b>Big news</b> for everyone", m => m.Buttons.Any(b => FlowUser.Action(b) is CallbackAction.Admin { Command: AdminCommand.BroadcastToAll }));
        await sandbox.Telegram.PressButtonAsync(boss.Id, audience.Buttons.First(b => FlowUser.Action(b) is CallbackAction.Admin { Command: AdminCommand.BroadcastToRussian }).CallbackData, messageId: audience.MessageId);
        var confirm = (await boss.WaitUntilAsync(m => m.Any(x => x.Buttons.Any(b => FlowUser.Action(b) is CallbackAction.Admin { Command: AdminCommand.ConfirmBroadcast })), what: "the confirmation"))
            .Last(x => x.Buttons.Any(b => FlowUser.Action(b) is CallbackAction.Admin { Command: AdminCommand.ConfirmBroadcast }));
        var messages = await sandbox.Telegram.GetBotMessagesAsync(boss.Id);
        Assert.Equal("Big news for everyone", messages.Single(m => m.MessageId == confirm.MessageId - 1).PlainText);
        var data = confirm.Buttons.First(b => FlowUser.Action(b) is CallbackAction.Admin { Command: AdminCommand.ConfirmBroadcast }).CallbackData;
        var first = await sandbox.Telegram.PressButtonAsync(boss.Id, data, messageId: confirm.MessageId);
        var second = await sandbox.Telegram.PressButtonAsync(boss.Id, data, messageId: confirm.MessageId);
        Assert.True(first.Answer.Answered);
        Assert.Equal(AdminTexts.BroadcastAlreadyStarted(Language.Russian), second.Answer.Text);
        await ann.WaitUntilAsync(m => m.Any(x => x.PlainText == "Big news for everyone"), what: "the broadcast");
        await boss.WaitUntilAsync(m => m.Any(x => x.PlainText?.StartsWith("🚀", StringComparison.Ordinal) == true), what: "the start's answer");
        await ann.PassMarkerAsync();
        Assert.Single(await sandbox.Telegram.GetBotMessagesAsync(ann.Id), m => m.PlainText == "Big news for everyone");

        // A key that ran out of credits is taken out of rotation and alerts the admin once (in the node's default language), however many jobs meet it.
        await sandbox.Kie.SetKeyBehaviourAsync(FlowSandbox.KieKey, new KieBehaviour(CreateError: 402));
        await ann.StartAsync();
        await ann.OrderAsync(MediaKind.Image, ImageModel, "a fox", 1);
        await boss.WaitUntilAsync(m => m.Any(x => x.PlainText?.StartsWith("🚨 KIE key", StringComparison.Ordinal) == true), what: "the key alert");
        await ann.StartAsync();
        await ann.OrderAsync(MediaKind.Image, ImageModel, "another fox", 1);
        var disabled = await AskAsync(boss, "/keys", m => m.PlainText?.Contains("⛔ отключён", StringComparison.Ordinal) == true);
        Assert.Single(await sandbox.Telegram.GetBotMessagesAsync(boss.Id), m => m.PlainText?.StartsWith("🚨 KIE key", StringComparison.Ordinal) == true);
        var keyId = disabled.PlainText!.Split('\n').First(l => l.Contains('⛔')).Split(' ')[0];
        await sandbox.Kie.SetKeyBehaviourAsync(FlowSandbox.KieKey, null);
        await AskAsync(boss, $"/key {keyId} on", m => m.PlainText?.StartsWith("✅ Ключ", StringComparison.Ordinal) == true);
        await AskAsync(boss, "/keys", m => m.PlainText?.Contains("🟢 активен", StringComparison.Ordinal) == true && !m.PlainText.Contains('⛔'));
    }

    /// <summary>The admin writes <paramref name="text"/>; the first bot message after it that satisfies <paramref name="answer"/>.</summary>
    private static async Task<TranscriptMessage> AskAsync(FlowUser admin, string text, Func<TranscriptMessage, bool> answer)
    {
        var sent = await admin.SendTextAsync(text);
        var messages = await admin.WaitUntilAsync(m => m.Any(x => x.MessageId > sent.MessageId && answer(x)), what: "the answer to " + text);
        return messages.First(x => x.MessageId > sent.MessageId && answer(x));
    }

    /// <summary>Waits until the node's read side answers <paramref name="expected"/> (it projects a moment after the actors wrote).</summary>
    private static async Task ReadSideKnowsAsync<T>(TestNode node, Func<IReadSideQueries, Task<T>> query, T expected)
    {
        var queries = node.App.Services.GetRequiredService<IReadSideQueries>();
        var deadline = DateTimeOffset.UtcNow + FlowUser.Patience;
        while (!Equals(await query(queries), expected))
        {
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException("the read side never answered " + expected);
            await Task.Delay(100);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow + FlowUser.Patience;
        while (!condition())
        {
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException(what);
            await Task.Delay(100);
        }
    }
}
