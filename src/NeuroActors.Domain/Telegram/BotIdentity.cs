namespace NeuroActors.Domain.Telegram;

/// <summary>
/// The bot's own @username, learned from getMe when the node starts (<c>TelegramStartupCalls</c>); invite links are built
/// from it. Null until Telegram has answered.
/// </summary>
public sealed class BotIdentity
{
    private string? _username;

    public BotIdentity(string? username = null) => _username = username;

    public string? Username => Volatile.Read(ref _username);

    public void Learned(string? username)
    {
        if (!string.IsNullOrWhiteSpace(username))
        {
            Volatile.Write(ref _username, username.TrimStart('@'));
        }
    }
}
