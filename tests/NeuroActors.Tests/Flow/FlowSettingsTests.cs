using Microsoft.Extensions.Configuration;
using NeuroActors.Domain.Configuration;
using NeuroActors.Domain.Kie;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;
using NeuroActors.Host.Configuration;
using NeuroActors.Host.Flow;
using MediaKind = NeuroActors.Domain.Conversation.MediaKind;

namespace NeuroActors.Tests.Flow;

public sealed class FlowSettingsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Without_settings_users_get_ten_welcome_credits_and_no_admins()
    {
        var users = FlowSettings.ReadUsers(Config());
        Assert.Equal(10, users.WelcomeCredits);
        Assert.Empty(users.AdminIds);
        Assert.Equal(GroupChatPolicy.AnswerPolitely, users.GroupPolicy);
        Assert.Equal(Language.English, users.DefaultLanguage);
    }

    [Fact]
    public void Settings_are_read_with_durations_in_seconds_minutes_or_hours()
    {
        var users = FlowSettings.ReadUsers(Config(("Credits:Welcome", "25"), ("Admin:TelegramIds", "11, 22"), ("Telegram:GroupChats", "ignore"),
            ("Telegram:DefaultLanguage", "ru"), ("Telegram:StatusEditInterval", "5s")));
        Assert.Equal(25, users.WelcomeCredits);
        Assert.Equal([11L, 22L], users.AdminIds.Order());
        Assert.Equal(GroupChatPolicy.Ignore, users.GroupPolicy);
        Assert.Equal(Language.Russian, users.DefaultLanguage);
        Assert.Equal(TimeSpan.FromSeconds(5), users.StatusEditInterval);

        var jobs = FlowSettings.ReadJobs(Config(("Jobs:Timeout:Video", "1h"), ("Jobs:AdoptWindow", "90s")), RetrySchedule.Default, PollSchedule.Default);
        Assert.Equal(TimeSpan.FromHours(1), jobs.TimeoutFor(MediaKind.Video));
        Assert.Equal(TimeSpan.FromMinutes(10), jobs.TimeoutFor(MediaKind.Image));
        Assert.Equal(TimeSpan.FromSeconds(90), jobs.AdoptWindow);
    }

    [Theory]
    [InlineData("Credits:Welcome", "-1")]
    [InlineData("Credits:Welcome", "ten")]
    [InlineData("Admin:TelegramIds", "12,@boss")]
    [InlineData("Telegram:GroupChats", "shout")]
    [InlineData("Telegram:DefaultLanguage", "de")]
    [InlineData("Telegram:StatusEditInterval", "0s")]
    public void A_bad_user_setting_names_the_setting_and_the_fix(string key, string value)
    {
        var e = Assert.Throws<BadSettingException>(() => FlowSettings.ReadUsers(Config((key, value))));
        Assert.Equal(key, e.Setting);
        Assert.Contains("Fix:", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Jobs:Timeout:Music", "soon")]
    [InlineData("Jobs:AdoptWindow", "-5s")]
    [InlineData("Jobs:ReportEvery", "0m")]
    public void A_bad_job_setting_names_the_setting_and_the_fix(string key, string value)
    {
        var e = Assert.Throws<BadSettingException>(() => FlowSettings.ReadJobs(Config((key, value)), RetrySchedule.Default, PollSchedule.Default));
        Assert.Equal(key, e.Setting);
    }
}
