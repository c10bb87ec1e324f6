using NeuroActors.Domain.Configuration;
using NeuroActors.Host.Observability;

namespace NeuroActors.Tests.Observability;

public sealed class HealthSettingsTests
{
    private static HealthSettings Read(params (string Key, string Value)[] values)
    {
        var map = values.ToDictionary(v => v.Key, v => v.Value);
        return HealthSettings.From(new SettingReader(key => map.GetValueOrDefault(key)));
    }

    [Fact]
    public void Defaults_check_every_30_seconds_and_leave_metrics_open()
    {
        var settings = Read();
        Assert.Equal(TimeSpan.FromSeconds(30), settings.CheckInterval);
        Assert.Null(settings.MetricsToken);
    }

    [Fact]
    public void The_interval_takes_the_duration_syntax_and_a_bare_number_is_refused_with_the_key()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), Read(("Health:CheckInterval", "5s")).CheckInterval);
        var problem = Assert.Throws<BadSettingException>(() => Read(("Health:CheckInterval", "30")));
        Assert.Equal("Health:CheckInterval", problem.Setting);
    }

    [Fact]
    public void A_short_metrics_token_is_refused_without_echoing_it()
    {
        var problem = Assert.Throws<BadSettingException>(() => Read(("Metrics:Token", "short-secret")));
        Assert.Equal("Metrics:Token", problem.Setting);
        Assert.DoesNotContain("short-secret", problem.Message, StringComparison.Ordinal);
        Assert.Equal("0123456789abcdef0123", Read(("Metrics:Token", "0123456789abcdef0123")).MetricsToken);
    }
}
