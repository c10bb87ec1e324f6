using NeuroActors.Domain.Configuration;
using NeuroActors.Domain.Housekeeping;

namespace NeuroActors.Tests.Housekeeping;

public class HousekeepingRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static HousekeepingSettings Read(params (string Key, string Value)[] values)
    {
        var map = values.ToDictionary(v => v.Key, v => v.Value);
        return HousekeepingSettings.From(new SettingReader(key => map.GetValueOrDefault(key)));
    }

    [Fact]
    public void Without_settings_it_runs_hourly_and_keeps_settled_jobs_a_week()
    {
        var settings = Read();
        Assert.Equal(TimeSpan.FromHours(1), settings.Every);
        Assert.Equal(TimeSpan.FromDays(7), settings.JobGrace);
    }

    [Fact]
    public void Settings_are_read_in_the_one_duration_syntax()
    {
        var settings = Read(("Housekeeping:Every", "30m"), ("Housekeeping:JobGrace", "3d"));
        Assert.Equal(TimeSpan.FromMinutes(30), settings.Every);
        Assert.Equal(TimeSpan.FromDays(3), settings.JobGrace);
    }

    [Theory]
    [InlineData("Housekeeping:Every", "hourly")]
    [InlineData("Housekeeping:Every", "0s")]
    [InlineData("Housekeeping:JobGrace", "7")]
    [InlineData("Housekeeping:JobGrace", "-1d")]
    public void A_bad_value_stops_the_node_naming_the_key(string key, string value)
    {
        var error = Assert.Throws<BadSettingException>(() => Read((key, value)));
        Assert.Equal(key, error.Setting);
        Assert.StartsWith(key + ":", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_next_run_is_one_interval_after_the_last_run_or_after_the_start_when_it_never_ran()
    {
        var every = TimeSpan.FromHours(1);
        Assert.Equal(Now.AddHours(1), HousekeepingSchedule.NextRunAt(null, Now, every));
        Assert.Equal(Now.AddMinutes(70), HousekeepingSchedule.NextRunAt(Now.AddMinutes(10), Now, every));
    }

    [Fact]
    public void An_overdue_run_starts_at_once()
    {
        Assert.Equal(TimeSpan.Zero, HousekeepingSchedule.DelayUntil(Now.AddHours(-3), Now));
        Assert.Equal(TimeSpan.FromMinutes(5), HousekeepingSchedule.DelayUntil(Now.AddMinutes(5), Now));
    }

    [Fact]
    public void A_settled_job_is_due_once_its_grace_has_passed_and_not_a_moment_before()
    {
        var grace = TimeSpan.FromDays(7);
        Assert.True(SettledJobRetentionRule.IsDue(Now - grace, Now, grace));
        Assert.True(SettledJobRetentionRule.IsDue(Now - grace - TimeSpan.FromSeconds(1), Now, grace));
        Assert.False(SettledJobRetentionRule.IsDue(Now - grace + TimeSpan.FromSeconds(1), Now, grace));
        Assert.Equal(Now - grace, SettledJobRetentionRule.Cutoff(Now, grace));
    }
}
