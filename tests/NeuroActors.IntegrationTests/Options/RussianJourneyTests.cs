using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Conversation;
using NeuroActors.IntegrationTests.Flow;
using NeuroActors.IntegrationTests.Support;
using NeuroActors.Sandbox.Telegram;

namespace NeuroActors.IntegrationTests.Options;

/// <summary>A whole journey of a Russian-speaking user: every message the bot sends or edits is in Russian.</summary>
public sealed partial class RussianJourneyTests
{
    private const string ImageModel = "nano-banana-pro";

    [Fact]
    public async Task A_russian_user_orders_with_options_and_every_bot_message_of_the_journey_is_russian()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var sandbox = await FlowSandbox.StartAsync();
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), new Dictionary<string, string?> { ["Credits:Welcome"] = "100" });
        var model = OptionSteps.MenuModelOf(node, ImageModel);
        var menu = node.App.Services.GetRequiredService<MenuSource>().Current;
        // Model names are names, not interface words: "GPT-4o Image" stays as it is in Russian too.
        var names = menu.Kinds.SelectMany(menu.ModelsOf).Select(m => m.DisplayName).Distinct().OrderByDescending(n => n.Length).ToArray();
        string WithoutNames(string text) => names.Aggregate(text, (t, name) => t.Replace(name, string.Empty, StringComparison.Ordinal));
        var olga = await FlowUser.CreateAsync(sandbox, "Ольга", "ru");

        await olga.StartAsync();
        await sandbox.Telegram.SendCommandAsync(olga.Id, "help");
        await sandbox.Telegram.SendCommandAsync(olga.Id, "balance");
        var variants = await olga.ToVariantsAsync(MediaKind.Image, ImageModel, "рыжая лиса в заснеженном лесу, акварель");
        variants = await olga.ChooseOptionAsync(variants, model, "aspect_ratio", "16:9");
        variants = await olga.ChooseOptionAsync(variants, model, "resolution", "4K");
        var confirmation = await olga.ChooseVariantsAsync(variants, 3);
        var orderId = await olga.ConfirmAsync(confirmation);
        await olga.WaitForClosingAsync(orderId);
        await sandbox.Telegram.SendCommandAsync(olga.Id, "history");
        await sandbox.Telegram.WaitForMessageAsync(olga.Id, m => m.PlainText?.Contains(orderId, StringComparison.Ordinal) == true && m.Media is null && !FlowUser.IsClosing(m, orderId), FlowUser.Patience);
        await sandbox.Telegram.SendCommandAsync(olga.Id, "status", "#" + orderId);
        await olga.PassMarkerAsync();

        var changes = (await sandbox.Telegram.GetChangesAsync(olga.Id, 0, TimeSpan.Zero)).Changes;
        var shown = changes.Where(c => c.Kind is ChatChangeKinds.Message or ChatChangeKinds.Edit && c.Message is { FromBot: true }).Select(c => c.Message!).ToList();
        Assert.True(shown.Count >= 12, $"the journey showed only {shown.Count} messages");
        Assert.Contains(shown, m => m.Media?.Kind == "photo");
        Assert.Contains(shown, m => m.PlainText?.Contains("16:9 · 4K", StringComparison.Ordinal) == true);
        foreach (var message in shown)
        {
            var text = message.PlainText ?? message.Caption ?? string.Empty;
            if (text.Length == 0 && message.Media is not null && message.MediaGroupId is not null)
            {
                continue; // An album's later items carry no caption: no words to check.
            }

            Assert.True(Cyrillic().IsMatch(text), $"#{message.MessageId} ({message.Media?.Kind ?? "text"}) has no Russian: \"{text}\"");
            AssertNoEnglishUi(WithoutNames(text), $"#{message.MessageId}");
            foreach (var button in message.Buttons)
            {
                AssertNoEnglishUi(WithoutNames(button.Text), $"a button of #{message.MessageId}");
            }
        }

        foreach (var toast in changes.Where(c => c.CallbackAnswer?.Text is { Length: > 0 }).Select(c => c.CallbackAnswer!.Text!))
        {
            Assert.True(Cyrillic().IsMatch(toast), $"the toast \"{toast}\" is not Russian");
            AssertNoEnglishUi(toast, "a toast");
        }
    }

    private static void AssertNoEnglishUi(string text, string where)
    {
        // Commands ("/history") are commands in every language.
        var english = EnglishUiWord().Match(Command().Replace(text, string.Empty));
        Assert.False(english.Success, $"{where} speaks English (\"{english.Value}\"): \"{text}\"");
    }

    [GeneratedRegex(@"/[a-z_]+")]
    private static partial Regex Command();

    [GeneratedRegex("[А-Яа-яЁё]")]
    private static partial Regex Cyrillic();

    // The bot's own English words (model names such as "Nano Banana Pro" are names, not interface words).
    [GeneratedRegex(@"\b(credits?|cr|variants?|balance|prompt|photo|generate|menu|back|price|total|ready|queue|queued|done|help|language|popular|image|video|music|voice|duration|resolution|aspect|options?|from|tap|please|your|improve|edit|cancel|another|change|history|status|working|welcome|yes|no)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishUiWord();
}
