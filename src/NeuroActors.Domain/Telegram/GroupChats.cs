using NeuroActors.Domain.Texts;

namespace NeuroActors.Domain.Telegram;

/// <summary>What the bot does with messages in groups and channels (configuration).</summary>
public enum GroupChatPolicy
{
    Ignore,
    AnswerPolitely,
}

/// <summary>The bot works in private chats; in a group it stays quiet or answers once when addressed.</summary>
public static class GroupChats
{
    /// <summary>
    /// The reply to a group message, or null for none. Only a message addressed to the bot (a command, a mention,
    /// a reply to the bot) is answered, so a busy group is not flooded.
    /// </summary>
    public static string? Reply(GroupChatPolicy policy, Language language, bool addressedToBot) =>
        policy == GroupChatPolicy.AnswerPolitely && addressedToBot ? UiTexts.For(language).GroupChat : null;
}
