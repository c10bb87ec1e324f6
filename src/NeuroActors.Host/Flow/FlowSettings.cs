using System.Globalization;
using NeuroActors.Actors.Jobs;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Configuration;
using NeuroActors.Domain.Kie;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;
using MediaKind = NeuroActors.Domain.Conversation.MediaKind;

namespace NeuroActors.Host.Flow;

/// <summary>
/// The flow's settings reader (sections <c>Credits</c>, <c>Admin</c>, the users' part of <c>Telegram</c>, and <c>Jobs</c>);
/// a bad value stops the node with the setting's name and the fix.
/// </summary>
public static class FlowSettings
{
    public static UserSettings ReadUsers(IConfiguration configuration)
    {
        var settings = new SettingReader(key => configuration[key]);
        var welcome = settings.Whole("Credits:Welcome", minimum: 0, "set Credits:Welcome to a whole number of credits, 0 or more, e.g. 10")
                      ?? UserSettings.Default.WelcomeCredits;
        var admins = new HashSet<long>();
        foreach (var part in (settings.Text("Admin:TelegramIds") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
            {
                throw new BadSettingException("Admin:TelegramIds", $"'{part}' is not a Telegram user id", "list numeric user ids separated by commas, e.g. 123456789,987654321");
            }

            admins.Add(id);
        }

        var groupText = (settings.Text("Telegram:GroupChats") ?? "polite").ToLowerInvariant();
        var groups = groupText switch
        {
            "ignore" => GroupChatPolicy.Ignore,
            "polite" or "answer" => GroupChatPolicy.AnswerPolitely,
            _ => throw new BadSettingException("Telegram:GroupChats", $"'{groupText}' is not a group chat policy", "set Telegram:GroupChats to ignore or polite"),
        };
        var languageText = (settings.Text("Telegram:DefaultLanguage") ?? "en").ToLowerInvariant();
        var language = languageText switch
        {
            "en" => Language.English,
            "ru" => Language.Russian,
            _ => throw new BadSettingException("Telegram:DefaultLanguage", $"'{languageText}' is not a language of the bot", "set Telegram:DefaultLanguage to en or ru"),
        };
        return UserSettings.Default with
        {
            WelcomeCredits = welcome,
            AdminIds = admins,
            GroupPolicy = groups,
            DefaultLanguage = language,
            StatusEditInterval = settings.Duration("Telegram:StatusEditInterval", UserSettings.Default.StatusEditInterval),
            Payments = Domain.Payments.PaymentSettingsReader.Read(key => configuration[key]),
            Growth = GrowthSettingsReader.Read(settings),
        };
    }

    public static JobSettings ReadJobs(IConfiguration configuration, RetrySchedule retry, PollSchedule poll)
    {
        var settings = new SettingReader(key => configuration[key]);
        var timeouts = new Dictionary<MediaKind, TimeSpan>();
        foreach (var kind in Enum.GetValues<MediaKind>())
        {
            timeouts[kind] = settings.Duration($"Jobs:Timeout:{kind}", JobSettings.Default.TimeoutFor(kind));
        }

        return JobSettings.Default with
        {
            Retry = retry,
            Poll = poll,
            Timeouts = timeouts,
            AdoptWindow = settings.Duration("Jobs:AdoptWindow", JobSettings.Default.AdoptWindow),
            ReportEvery = settings.Duration("Jobs:ReportEvery", JobSettings.Default.ReportEvery),
        };
    }
}
