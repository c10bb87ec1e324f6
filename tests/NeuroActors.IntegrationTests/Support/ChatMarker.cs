using NeuroActors.Sandbox.Telegram;

namespace NeuroActors.IntegrationTests.Support;

/// <summary>
/// Proof that whatever came before has been handled, instead of a sleep that hopes so: the user writes /help through the
/// sandbox and the test waits for the answer. A user's updates reach their actor in the order Telegram gives them, the
/// actor hands its sends to the outbox in the order it decides them, and the outbox keeps each chat's messages in order:
/// once the answer to the marker is in the chat, every message the actor meant to send before it is there too.
/// </summary>
public static class ChatMarker
{
    /// <summary>The example order number every language's help text shows; it tells the help answer from other messages.</summary>
    private const string HelpExampleOrder = "#G7K2QXMNPA";

    /// <summary>Sends the marker and returns the bot's answer to it (its message id is later than anything sent before).</summary>
    public static async Task<TranscriptMessage> PassAsync(BotSandboxClient telegram, long userId, TimeSpan? timeout = null)
    {
        var marker = await telegram.SendCommandAsync(userId, "help");
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var messages = await telegram.GetBotMessagesAsync(userId);
            if (messages.FirstOrDefault(m => m.MessageId > marker.MessageId && IsHelp(m)) is { } answer)
            {
                return answer;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"User {userId}: the bot never answered the marker /help (message {marker.MessageId}).");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The bot's messages that came before the marker's answer (what the earlier updates and events produced).</summary>
    public static IReadOnlyList<TranscriptMessage> Before(IReadOnlyList<TranscriptMessage> messages, TranscriptMessage answer) =>
        messages.Where(m => m.MessageId < answer.MessageId).ToList();

    private static bool IsHelp(TranscriptMessage message) =>
        message.PlainText?.Contains(HelpExampleOrder, StringComparison.Ordinal) == true;
}
