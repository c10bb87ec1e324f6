using System.Text.RegularExpressions;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.IntegrationTests.Support;
using NeuroActors.Sandbox.Telegram;

namespace NeuroActors.IntegrationTests.Flow;

/// <summary>
/// A person in a sandbox chat, driving the bot as a Telegram client would: commands, text, and taps on the inline buttons
/// the bot sent (found by what their callback data means, so the driver does not depend on the wording).
/// </summary>
public sealed partial class FlowUser
{
    public const long AdminId = 900_000_001;
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private FlowUser(FlowSandbox sandbox, long id)
    {
        Sandbox = sandbox;
        Id = id;
    }

    public FlowSandbox Sandbox { get; }

    public long Id { get; }

    private BotSandboxClient Telegram => Sandbox.Telegram;

    public static async Task<FlowUser> CreateAsync(FlowSandbox sandbox, string name = "Ann", string language = "en", long? id = null, string? username = null)
    {
        var user = await sandbox.Telegram.CreateUserAsync(name, language, id, username);
        return new FlowUser(sandbox, user.Id);
    }

    /// <summary>/start, and the main menu with its balance line.</summary>
    public async Task<TranscriptMessage> StartAsync()
    {
        await Telegram.SendCommandAsync(Id, "start");
        return await Telegram.WaitForMessageAsync(Id, m => m.Buttons.Any(b => Action(b) is CallbackAction.OpenKind), Patience);
    }

    public Task<UserMessageSent> SendTextAsync(string text) => Telegram.SendTextAsync(Id, text);

    /// <summary>
    /// Taps the first button of the newest bot message that has one matching <paramref name="which"/>, waiting a little
    /// for one to appear (the screen the button is on may still be on its way, or be edited in place).
    /// </summary>
    public async Task<ButtonPressResult> TapAsync(Func<CallbackAction, bool> which, TimeSpan? waitForAnswer = null)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var messages = await Telegram.GetBotMessagesAsync(Id);
            foreach (var message in messages.Reverse())
            {
                if (message.Buttons.FirstOrDefault(b => which(Action(b))) is { } button)
                {
                    return await Telegram.PressButtonAsync(Id, button.CallbackData, messageId: message.MessageId, waitForAnswer: waitForAnswer);
                }
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new InvalidOperationException($"No bot message of user {Id} has a matching button. Newest:\n" +
                    string.Join("\n", messages.TakeLast(4).Select(m => $"  #{m.MessageId} \"{m.PlainText ?? m.Caption}\" [{string.Join(" | ", m.Buttons.Select(b => b.CallbackData))}]")));
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Waits until the bot's messages satisfy <paramref name="condition"/> (a message may also change by an edit).</summary>
    public async Task<IReadOnlyList<TranscriptMessage>> WaitUntilAsync(Func<IReadOnlyList<TranscriptMessage>, bool> condition, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? Patience);
        while (true)
        {
            var messages = await Telegram.GetBotMessagesAsync(Id);
            if (condition(messages))
            {
                return messages;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"User {Id}: {what ?? "condition"} not met. Bot messages:\n" + Describe(messages));
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Walks the wizard from the newest main menu to the confirmation screen (not confirming); returns the confirmation.
    /// It follows the screens it taps on by message id, so results and status edits of earlier orders may arrive meanwhile.
    /// </summary>
    public async Task<TranscriptMessage> PrepareOrderAsync(MediaKind kind, string modelId, string prompt, int variants)
    {
        var key = ModelKey.Of(modelId);
        var menus = await Telegram.GetBotMessagesAsync(Id);
        var menu = menus.Last(m => m.Buttons.Any(b => Action(b) is CallbackAction.OpenKind { Page: 0 }) && m.Buttons.Any(b => Action(b) is CallbackAction.OpenHelp));
        var screen = menu.MessageId;
        await TapOnAsync(screen, a => a is CallbackAction.OpenKind k && k.Kind == kind && k.Page == 0);
        for (var page = 0; page < 10; page++)
        {
            var shown = page;
            var list = await WaitForScreenAsync(screen, m => m.Buttons.Any(b => Action(b) is CallbackAction.PickModel)
                && (shown == 0 || m.Buttons.Any(b => Action(b) is CallbackAction.OpenKind k && k.Page == shown - 1)), "a model list");
            if (list.Buttons.Any(b => Action(b) is CallbackAction.PickModel p && p.ModelKey == key))
            {
                break;
            }

            await TapOnAsync(screen, a => a is CallbackAction.OpenKind k && k.Page == shown + 1);
        }

        await TapOnAsync(screen, a => a is CallbackAction.PickModel p && p.ModelKey == key);
        await WaitForScreenAsync(screen, m => m.Buttons.Any(b => Action(b) is CallbackAction.WriteOwnPrompt), "the model card");
        await SendTextAsync(prompt);
        var choice = (await WaitUntilAsync(m => m.Any(x => x.MessageId > screen && x.Buttons.Any(b => Action(b) is CallbackAction.ChooseVariants)), what: "the variant choice"))
            .Last(x => x.MessageId > screen && x.Buttons.Any(b => Action(b) is CallbackAction.ChooseVariants));
        await TapOnAsync(choice.MessageId, a => a is CallbackAction.ChooseVariants c && c.Variants == variants);
        return await WaitForScreenAsync(choice.MessageId, m => m.Buttons.Any(b => Action(b) is CallbackAction.Confirm), "the confirmation");
    }

    private async Task TapOnAsync(int messageId, Func<CallbackAction, bool> which)
    {
        var message = await WaitForScreenAsync(messageId, m => m.Buttons.Any(b => which(Action(b))), "a button to tap");
        await Telegram.PressButtonAsync(Id, message.Buttons.First(b => which(Action(b))).CallbackData, messageId: messageId);
    }

    private async Task<TranscriptMessage> WaitForScreenAsync(int messageId, Func<TranscriptMessage, bool> condition, string what) =>
        (await WaitUntilAsync(m => m.Any(x => x.MessageId == messageId && condition(x)), what: what)).Single(x => x.MessageId == messageId);

    /// <summary>Orders and confirms; returns the order id the status message shows.</summary>
    public async Task<string> OrderAsync(MediaKind kind, string modelId, string prompt, int variants) =>
        await ConfirmAsync(await PrepareOrderAsync(kind, modelId, prompt, variants));

    /// <summary>
    /// Taps Confirm on the confirmation screen (and ✅ I agree when the terms come first, before the user's first order);
    /// returns the order id the status message (the same message) shows.
    /// </summary>
    public async Task<string> ConfirmAsync(TranscriptMessage confirmation)
    {
        await Telegram.PressButtonAsync(Id, confirmation.Buttons.First(b => Action(b) is CallbackAction.Confirm).CallbackData, messageId: confirmation.MessageId);
        var status = await AgreeIfAskedAsync(confirmation.MessageId);
        return OrderTag().Match(status.PlainText!).Groups[1].Value;
    }

    /// <summary>Taps the newest ✅ Generate (and ✅ I agree when the terms come first); returns the status message.</summary>
    public async Task<TranscriptMessage> GenerateAsync()
    {
        var tap = await TapAsync(a => a is CallbackAction.Confirm);
        return await AgreeIfAskedAsync(tap.MessageId);
    }

    /// <summary>
    /// After a tap on Generate on message <paramref name="messageId"/>: waits until it shows the order's status, pressing
    /// ✅ I agree on the way when it shows the terms instead; returns the status message.
    /// </summary>
    public async Task<TranscriptMessage> AgreeIfAskedAsync(int messageId)
    {
        var shown = (await WaitUntilAsync(m => m.Any(x => x.MessageId == messageId && (IsTerms(x) || OrderTag().IsMatch(x.PlainText ?? string.Empty))), what: "the status message or the terms"))
            .Single(x => x.MessageId == messageId);
        if (IsTerms(shown))
        {
            await Telegram.PressButtonAsync(Id, shown.Buttons.First(b => Action(b) is CallbackAction.AcceptTerms).CallbackData, messageId: messageId);
            shown = (await WaitUntilAsync(m => m.Any(x => x.MessageId == messageId && OrderTag().IsMatch(x.PlainText ?? string.Empty)), what: "the status message"))
                .Single(x => x.MessageId == messageId);
        }

        return shown;
    }

    /// <summary>The terms shown before a user's first order, with ✅ I agree.</summary>
    public static bool IsTerms(TranscriptMessage message) => message.Buttons.Any(b => Action(b) is CallbackAction.AcceptTerms);

    /// <summary>The closing message of an order ("Ready" or a failure notice) naming it, and the messages then.</summary>
    public Task<IReadOnlyList<TranscriptMessage>> WaitForClosingAsync(string orderId, TimeSpan? timeout = null) =>
        WaitUntilAsync(m => m.Any(x => IsClosing(x, orderId)), timeout, $"the closing message of order {orderId}");

    public static bool IsClosing(TranscriptMessage message, string orderId) =>
        message.Media is null && message.PlainText?.Contains("#" + orderId, StringComparison.Ordinal) == true
        && message.Buttons.Any(b => Action(b) is CallbackAction.MakeAnother or CallbackAction.ChangePrompt);

    private static string Describe(IReadOnlyList<TranscriptMessage> messages) =>
        string.Join("\n", messages.TakeLast(8).Select(m => $"  #{m.MessageId} {m.Media?.Kind ?? "text"} \"{m.PlainText ?? m.Caption}\" [{string.Join(" | ", m.Buttons.Select(b => b.Text))}]"));

    /// <summary>Writes /help and waits for its answer: everything the bot meant to send this user before it is in the chat.</summary>
    public Task<TranscriptMessage> PassMarkerAsync() => ChatMarker.PassAsync(Telegram, Id);

    public static CallbackAction Action(TranscriptButton button) => CallbackCodec.Decode(button.CallbackData);

    public async Task<UserStateReply> StateAsync(TestNode node) =>
        await node.AskRegionAsync<UserRegion, UserStateReply>(new GetUserState(Id));

    /// <summary>The state once no order is open: the closing message reaches the chat a moment before the user records its delivery.</summary>
    public async Task<UserStateReply> SettledStateAsync(TestNode node)
    {
        var state = await StateAsync(node);
        for (var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30); state.OpenOrders.Count > 0 && DateTimeOffset.UtcNow < deadline;)
        {
            await Task.Delay(100);
            state = await StateAsync(node);
        }

        return state;
    }

    [GeneratedRegex(@"#([A-Z0-9]{10})\b")]
    private static partial Regex OrderTag();
}
