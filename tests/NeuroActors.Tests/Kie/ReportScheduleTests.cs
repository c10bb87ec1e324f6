using NeuroActors.Domain.Kie;

namespace NeuroActors.Tests.Kie;

public sealed class ReportScheduleTests
{
    [Fact]
    public void Default_starts_at_5_seconds_and_doubles_up_to_5_minutes()
    {
        var schedule = ReportSchedule.Default;

        Assert.Equal(
            [5, 10, 20, 40, 80, 160, 300, 300, 300],
            Enumerable.Range(1, 9).Select(n => schedule.DelayAfter(n).TotalSeconds).ToArray());
    }

    [Fact]
    public void Many_reports_stay_at_the_ceiling()
    {
        Assert.Equal(TimeSpan.FromMinutes(5), ReportSchedule.Default.DelayAfter(1_000));
        Assert.Equal(TimeSpan.FromMinutes(5), ReportSchedule.Default.DelayAfter(int.MaxValue));
    }

    [Fact]
    public void Before_any_report_the_first_interval_applies()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), ReportSchedule.Default.DelayAfter(0));
    }

    [Fact]
    public void A_first_interval_longer_than_the_ceiling_is_kept()
    {
        var schedule = ReportSchedule.Starting(TimeSpan.FromMinutes(10));

        Assert.Equal(TimeSpan.FromMinutes(10), schedule.DelayAfter(1));
        Assert.Equal(TimeSpan.FromMinutes(10), schedule.DelayAfter(5));
    }

    [Fact]
    public void A_first_interval_must_be_positive()
    {
        Assert.Throws<ArgumentException>(() => ReportSchedule.Starting(TimeSpan.Zero));
    }
}
