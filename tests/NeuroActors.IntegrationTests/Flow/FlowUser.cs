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

    public static async Task<FlowUser> CreateAsync(FlowSandbox sandbox, string name = "Ann", string language = "en", long? id = null)
    {
        var user = await sandbox.Telegram.CreateUserAsync(name, language, id);
        return new FlowUser(sandbox, user.Id);
    }

    /// <summary>/start, and the main menu with its balance line.</summary>
    public async Task<TranscriptMessage> StartAsync()
    {
        await Telegram.SendCommandAsync(Id, "start");
        return await Telegram.WaitForMessageAsync(Id, m => m.Buttons.Any(b => Action(b) is CallbackAction.OpenKind), Patience);
    }

    public Task<UserMessageSent> SendTextAsync(string text) => Telegram.SendTextAsync(Id, text);

    /// <summary>Taps the first button of the newest bot message that has one matching <paramref name="which"/>.</summary>
    public async Task<ButtonPressResult> TapAsync(Func<CallbackAction, bool> which, TimeSpan? waitForAnswer = null)
    {
        var messages = await Telegram.GetBotMessagesAsync(Id);
        foreach (var message in messages.Reverse())
        {
            if (message.Buttons.FirstOrDefault(b => which(Action(b))) is { } button)
            {
                return await Telegram.PressButtonAsync(Id, button.CallbackData, messageId: message.MessageId, waitForAnswer: waitForAnswer);
            }
        }

        throw new InvalidOperationException($"No bot message of user {Id} has a matching button. Bot messages:\n" + Describe(messages));
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

    /// <summary>Walks the wizard from the main menu to the confirmation screen (not confirming); returns the confirmation.</summary>
    public async Task<TranscriptMessage> PrepareOrderAsync(MediaKind kind, string modelId, string prompt, int variants)
    {
        await this.OpenModelCardAsync(kind, modelId);
        var before = (await Telegram.GetBotMessagesAsync(Id)).Count;
        await SendTextAsync(prompt);
        await WaitUntilAsync(m => m.Count > before && m[^1].Buttons.Any(b => Action(b) is CallbackAction.ChooseVariants), what: "the variant choice");
        var tap = await TapAsync(a => a is CallbackAction.ChooseVariants c && c.Variants == variants);
        var messages = await WaitUntilAsync(m => m.Any(x => x.MessageId == tap.MessageId && x.Buttons.Any(b => Action(b) is CallbackAction.Confirm)), what: "the confirmation");
        return messages.Single(x => x.MessageId == tap.MessageId);
    }

    /// <summary>Orders and confirms; returns the order id the status message shows.</summary>
    public async Task<string> OrderAsync(MediaKind kind, string modelId, string prompt, int variants)
    {
        var confirmation = await PrepareOrderAsync(kind, modelId, prompt, variants);
        await Telegram.PressButtonAsync(Id, confirmation.Buttons.First(b => Action(b) is CallbackAction.Confirm).CallbackData, messageId: confirmation.MessageId);
        var status = await WaitUntilAsync(m => m.Any(x => x.MessageId == confirmation.MessageId && OrderTag().IsMatch(x.PlainText ?? string.Empty)), what: "the status message");
        return OrderTag().Match(status.Single(x => x.MessageId == confirmation.MessageId).PlainText!).Groups[1].Value;
    }

    /// <summary>The closing message of an order ("Ready" or a failure notice) naming it, and the messages then.</summary>
    public Task<IReadOnlyList<TranscriptMessage>> WaitForClosingAsync(string orderId, TimeSpan? timeout = null) =>
        WaitUntilAsync(m => m.Any(x => IsClosing(x, orderId)), timeout, $"the closing message of order {orderId}");

    public static bool IsClosing(TranscriptMessage message, string orderId) =>
        message.Media is null && message.PlainText?.Contains("#" + orderId, StringComparison.Ordinal) == true
        && message.Buttons.Any(b => Action(b) is CallbackAction.MakeAnother or CallbackAction.ChangePrompt);

    private static string Describe(IReadOnlyList<TranscriptMessage> messages) =>
        string.Join("\n", messages.TakeLast(8).Select(m => $"  #{m.MessageId} {m.Media?.Kind ?? "text"} \"{m.PlainText ?? m.Caption}\" [{string.Join(" | ", m.Buttons.Select(b => b.Text))}]"));

    public static CallbackAction Action(TranscriptButton button) => CallbackCodec.Decode(button.CallbackData);

    public async Task<UserStateReply> StateAsync(TestNode node) =>
        await node.AskRegionAsync<UserRegion, UserStateReply>(new GetUserState(Id));

    [GeneratedRegex(@"#([A-Z0-9]{10})\b")]
    private static partial Regex OrderTag();
}
