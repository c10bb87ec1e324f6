using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.Sandbox.Telegram;

namespace NeuroActors.IntegrationTests.Flow;

/// <summary>Parts of the wizard the flow tests need on their own (the chat driver walks them only as a whole).</summary>
public static class FlowSteps
{
    public static readonly byte[] TinyPng = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    /// <summary>From the main menu to the card of <paramref name="modelId"/> (paging through the kind's list); returns the card.</summary>
    public static async Task<TranscriptMessage> OpenModelCardAsync(this FlowUser user, MediaKind kind, string modelId)
    {
        var key = ModelKey.Of(modelId);
        Func<CallbackAction, bool> next = a => a is CallbackAction.OpenKind k && k.Kind == kind && k.Page == 0;
        for (var page = 0; page < 20; page++)
        {
            // Each page replaces the message tapped; wait until its keyboard is no longer the one tapped.
            var before = await TappedSignatureAsync(user, next);
            var tap = await user.TapAsync(next);
            var list = await user.WaitUntilAsync(
                m => m.Any(x => x.MessageId == tap.MessageId && Signature(x) != before && x.Buttons.Any(b => FlowUser.Action(b) is CallbackAction.PickModel)),
                what: $"page {page} of the model list");
            if (list.Single(x => x.MessageId == tap.MessageId).Buttons.Any(b => FlowUser.Action(b) is CallbackAction.PickModel p && p.ModelKey == key))
            {
                break;
            }

            var nextPage = page + 1;
            next = a => a is CallbackAction.OpenKind k && k.Kind == kind && k.Page == nextPage;
        }

        var pick = await user.TapAsync(a => a is CallbackAction.PickModel p && p.ModelKey == key);
        var card = await user.WaitUntilAsync(
            // A card: the list's message now shows the model (models that take no prompt have no "write my own" button).
            m => m.Any(x => x.MessageId == pick.MessageId && x.Buttons.Any() && !x.Buttons.Any(b => FlowUser.Action(b) is CallbackAction.PickModel)),
            what: "the model card");
        return card.Single(x => x.MessageId == pick.MessageId);
    }

    private static async Task<string> TappedSignatureAsync(FlowUser user, Func<CallbackAction, bool> which)
    {
        var messages = await user.Sandbox.Telegram.GetBotMessagesAsync(user.Id);
        return Signature(messages.Last(m => m.Buttons.Any(b => which(FlowUser.Action(b)))));
    }

    private static string Signature(TranscriptMessage message) => string.Join("|", message.Buttons.Select(b => b.CallbackData));
}
