using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.IntegrationTests.Flow;
using NeuroActors.IntegrationTests.Support;
using NeuroActors.Sandbox.Telegram;

namespace NeuroActors.IntegrationTests.Options;

/// <summary>The options step as a chat user walks it: to the variant choice, an option's values, a value, the confirmation.</summary>
public static partial class OptionSteps
{
    /// <summary>The model as the node's menu offers it (its options and their order, as the buttons carry them).</summary>
    public static MenuModel MenuModelOf(TestNode node, string modelId) =>
        node.App.Services.GetRequiredService<MenuSource>().Current.FindById(modelId)
        ?? throw new InvalidOperationException($"{modelId} is not in the node's menu.");

    /// <summary>From the main menu through the model card and the prompt to the variant choice (the options step); returns it.</summary>
    public static async Task<TranscriptMessage> ToVariantsAsync(this FlowUser user, MediaKind kind, string modelId, string prompt)
    {
        var card = await user.OpenModelCardAsync(kind, modelId);
        await user.SendTextAsync(prompt);
        return await user.VariantChoiceAfterAsync(card.MessageId);
    }

    /// <summary>The newest variant choice sent after message <paramref name="messageId"/>.</summary>
    public static async Task<TranscriptMessage> VariantChoiceAfterAsync(this FlowUser user, int messageId) =>
        (await user.WaitUntilAsync(m => m.Any(x => x.MessageId > messageId && IsVariantChoice(x)), what: "the variant choice"))
        .Last(x => x.MessageId > messageId && IsVariantChoice(x));

    /// <summary>Opens option <paramref name="option"/> on the variant choice and taps <paramref name="value"/>; returns the variant choice after it.</summary>
    public static async Task<TranscriptMessage> ChooseOptionAsync(this FlowUser user, TranscriptMessage variants, MenuModel model, string option, string value)
    {
        var optionIndex = model.Options.ToList().FindIndex(o => o.Name == option);
        Assert.True(optionIndex >= 0, $"{model.Id} offers no option {option}");
        var valueIndex = model.Options[optionIndex].Values.ToList().FindIndex(v => v.Value == value);
        Assert.True(valueIndex >= 0, $"{model.Id} offers no {option} {value}");

        await user.Sandbox.Telegram.PressButtonAsync(user.Id, ButtonOf(variants, a => a is CallbackAction.OpenOption o && o.Option == optionIndex).CallbackData, messageId: variants.MessageId);
        var values = await user.ScreenAsync(variants.MessageId, m => m.Buttons.Any(b => FlowUser.Action(b) is CallbackAction.ChooseOption c && c.Option == optionIndex), $"the values of {option}");
        await user.Sandbox.Telegram.PressButtonAsync(
            user.Id, ButtonOf(values, a => a is CallbackAction.ChooseOption c && c.Option == optionIndex && c.Value == valueIndex).CallbackData, messageId: variants.MessageId);
        return await user.ScreenAsync(variants.MessageId, IsVariantChoice, "the variant choice again");
    }

    /// <summary>Taps a variant count; returns the confirmation (the same message).</summary>
    public static async Task<TranscriptMessage> ChooseVariantsAsync(this FlowUser user, TranscriptMessage variants, int count)
    {
        await user.Sandbox.Telegram.PressButtonAsync(user.Id, ButtonOf(variants, a => a is CallbackAction.ChooseVariants c && c.Variants == count).CallbackData, messageId: variants.MessageId);
        return await user.ScreenAsync(variants.MessageId, m => m.Buttons.Any(b => FlowUser.Action(b) is CallbackAction.Confirm), "the confirmation");
    }

    /// <summary>The total the confirmation's ✅ button shows ("✅ Generate · 17 cr").</summary>
    public static long ShownTotal(TranscriptMessage confirmation)
    {
        var text = ButtonOf(confirmation, a => a is CallbackAction.Confirm).Text;
        return long.Parse(TotalOnButton().Match(text).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    public static bool IsVariantChoice(TranscriptMessage message) => message.Buttons.Any(b => FlowUser.Action(b) is CallbackAction.ChooseVariants);

    public static TranscriptButton ButtonOf(TranscriptMessage message, Func<CallbackAction, bool> which) =>
        message.Buttons.FirstOrDefault(b => which(FlowUser.Action(b)))
        ?? throw new InvalidOperationException($"Message #{message.MessageId} has no such button: [{string.Join(" | ", message.Buttons.Select(b => b.Text))}]");

    private static async Task<TranscriptMessage> ScreenAsync(this FlowUser user, int messageId, Func<TranscriptMessage, bool> condition, string what) =>
        (await user.WaitUntilAsync(m => m.Any(x => x.MessageId == messageId && condition(x)), what: what)).Single(x => x.MessageId == messageId);

    [GeneratedRegex(@"(\d+)\s*(?:cr|кр)")]
    private static partial Regex TotalOnButton();
}
