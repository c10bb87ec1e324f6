using System.Globalization;

namespace NeuroActors.Sandbox.Telegram.Wire;

/// <summary>Token checks of the real server's ClientManager: the bot id is the number before the colon.</summary>
internal static class BotToken
{
    /// <summary>The bot id in a well-formed token, or null when the real server would answer 401 "invalid token specified".</summary>
    public static long? TryGetBotId(string token)
    {
        if (token.Length == 0 || token.Length > 80 || token[0] == '0' || token.Contains('/', StringComparison.Ordinal))
        {
            return null;
        }

        var colon = token.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == token.Length - 1)
        {
            return null;
        }

        if (!long.TryParse(token.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var botId)
            || botId <= 0 || botId >= 1L << 54)
        {
            return null;
        }

        foreach (var c in token.AsSpan(colon + 1))
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-'))
            {
                return null;
            }
        }

        return botId;
    }
}
