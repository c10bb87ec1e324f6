using System.Globalization;
using NeuroActors.Actors.Jobs;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Kie;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;
using NeuroActors.Host.Configuration;
using MediaKind = NeuroActors.Domain.Conversation.MediaKind;

namespace NeuroActors.Host.Flow;

/// <summary>Reads the settings of users and jobs; a bad value stops the node with the setting's name and the fix.</summary>
public static class FlowSettings
{
    public static UserSettings ReadUsers(IConfiguration configuration)
    {
        var welcome = ReadLong(configuration, "Credits:Welcome", UserSettings.Default.WelcomeCredits, min: 0, "a whole number of credits, 0 or more, e.g. 10");
        var admins = new HashSet<long>();
        foreach (var part in (configuration["Admin:TelegramIds"] ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
            {
                throw new BadSettingException("Admin:TelegramIds", $"'{part}' is not a Telegram user id", "list numeric user ids separated by commas, e.g. 123456789,987654321");
            }

            admins.Add(id);
        }

        var groupText = (configuration["Telegram:GroupChats"] ?? "polite").Trim().ToLowerInvariant();
        var groups = groupText switch
        {
            "ignore" => GroupChatPolicy.Ignore,
            "polite" or "answer" => GroupChatPolicy.AnswerPolitely,
            _ => throw new BadSettingException("Telegram:GroupChats", $"'{groupText}' is not a group chat policy", "set Telegram:GroupChats to ignore or polite"),
        };
        var languageText = (configuration["Telegram:DefaultLanguage"] ?? "en").Trim().ToLowerInvariant();
        var language = languageText switch
        {
            "en" => Language.English,
            "ru" => Language.Russian,
            _ => throw new BadSettingException("Telegram:DefaultLanguage", $"'{languageText}' is not a language of the bot", "set Telegram:DefaultLanguage to en or ru"),
        };
        var statusEvery = ReadDuration(configuration, "Telegram:StatusEditInterval", UserSettings.Default.StatusEditInterval);
        return UserSettings.Default with
        {
            WelcomeCredits = welcome,
            AdminIds = admins,
            GroupPolicy = groups,
            DefaultLanguage = language,
            StatusEditInterval = statusEvery,
        };
    }

    public static JobSettings ReadJobs(IConfiguration configuration, RetrySchedule retry, PollSchedule poll)
    {
        var timeouts = new Dictionary<MediaKind, TimeSpan>();
        foreach (var kind in Enum.GetValues<MediaKind>())
        {
            timeouts[kind] = ReadDuration(configuration, $"Jobs:Timeout:{kind}", JobSettings.Default.TimeoutFor(kind));
        }

        return JobSettings.Default with
        {
            Retry = retry,
            Poll = poll,
            Timeouts = timeouts,
            AdoptWindow = ReadDuration(configuration, "Jobs:AdoptWindow", JobSettings.Default.AdoptWindow),
            ReportEvery = ReadDuration(configuration, "Jobs:ReportEvery", JobSettings.Default.ReportEvery),
        };
    }

    private static long ReadLong(IConfiguration configuration, string key, long fallback, long min, string expected)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min
            ? value
            : throw new BadSettingException(key, $"'{text}' is not {expected}", $"set {key} to {expected}");
    }

    /// <summary>A positive duration as "90s", "5m", "1h" or a TimeSpan ("00:05:00").</summary>
    private static TimeSpan ReadDuration(IConfiguration configuration, string key, TimeSpan fallback)
    {
        var text = configuration[key]?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        var unit = text[^1];
        var number = text[..^1];
        TimeSpan? parsed = unit switch
        {
            's' when double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) => TimeSpan.FromSeconds(s),
            'm' when double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) => TimeSpan.FromMinutes(m),
            'h' when double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var h) => TimeSpan.FromHours(h),
            _ when TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) => span,
            _ => null,
        };
        return parsed is { } value && value > TimeSpan.Zero
            ? value
            : throw new BadSettingException(key, $"'{text}' is not a positive duration", $"set {key} to a duration such as 90s, 5m or 1h");
    }
}
