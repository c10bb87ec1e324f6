using NeuroActors.Domain.Configuration;
using NeuroActors.Domain.Kie;

namespace NeuroActors.Tests.Kie;

public sealed class KieSchedulesTests
{
    [Fact]
    public void Default_retry_schedule_is_three_retries_after_10_20_40_seconds()
    {
        var schedule = RetrySchedule.Default;

        Assert.Equal(3, schedule.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(10), schedule.DelayAfter(1));
        Assert.Equal(TimeSpan.FromSeconds(20), schedule.DelayAfter(2));
        Assert.Equal(TimeSpan.FromSeconds(40), schedule.DelayAfter(3));
        Assert.Null(schedule.DelayAfter(4));
        Assert.Null(schedule.DelayAfter(0));
    }

    [Fact]
    public void Retry_schedule_reads_configuration_text()
    {
        Assert.Equal(RetrySchedule.Default, RetrySchedule.Parse("10s,20s,40s"));
        Assert.Equal(new RetrySchedule([TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(2)]), RetrySchedule.Parse(" 500ms ; 2m "));
        Assert.Equal(RetrySchedule.None, RetrySchedule.Parse(""));
        Assert.Equal(RetrySchedule.Default, RetrySchedule.Parse(null));
        Assert.Throws<FormatException>(() => RetrySchedule.Parse("10s,soon"));
    }

    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("250ms", 250)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1d", 86_400_000)]
    public void Duration_text_reads_human_units(string text, long milliseconds)
    {
        Assert.True(DurationText.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-5s")]
    [InlineData("ten seconds")]
    [InlineData("5x")]
    [InlineData("30")]
    [InlineData("00:00:45")]
    public void Duration_text_refuses_nonsense(string text)
    {
        Assert.False(DurationText.TryParse(text, out _));
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(19, 2)]
    [InlineData(20, 3)]
    [InlineData(45, 5)]
    [InlineData(90, 10)]
    [InlineData(150, 15)]
    [InlineData(400, 30)]
    [InlineData(1700, 30)]
    public void Poll_schedule_starts_every_2_to_3_seconds_and_backs_off_to_30(int elapsedSeconds, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), PollSchedule.Default.NextDelay(TimeSpan.FromSeconds(elapsedSeconds)));
    }

    [Fact]
    public void Poll_schedule_never_shrinks_and_gives_up_after_30_minutes()
    {
        var previous = TimeSpan.Zero;
        for (var elapsed = TimeSpan.Zero; elapsed < PollSchedule.Default.GiveUpAfter - TimeSpan.FromSeconds(30); elapsed += TimeSpan.FromSeconds(1))
        {
            var delay = PollSchedule.Default.NextDelay(elapsed)!.Value;
            Assert.True(delay >= previous, $"at {elapsed} the delay {delay} shrank from {previous}");
            previous = delay;
        }

        Assert.Null(PollSchedule.Default.NextDelay(TimeSpan.FromMinutes(30)));
        Assert.Equal(TimeSpan.FromSeconds(10), PollSchedule.Default.NextDelay(TimeSpan.FromMinutes(30) - TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Poll_schedule_give_up_time_can_change()
    {
        var schedule = PollSchedule.Default.WithGiveUpAfter(TimeSpan.FromMinutes(5));

        Assert.Null(schedule.NextDelay(TimeSpan.FromMinutes(5)));
        Assert.NotNull(schedule.NextDelay(TimeSpan.FromMinutes(4)));
    }
}
