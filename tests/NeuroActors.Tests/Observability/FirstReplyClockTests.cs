using NeuroActors.Actors.Observability;
using NeuroActors.Domain.Telegram;

namespace NeuroActors.Tests.Observability;

public sealed class FirstReplyClockTests
{
    [Fact]
    public void Only_the_first_reply_after_an_update_is_timed_and_only_once_it_was_reported_delivered()
    {
        var clock = new FirstReplyClock();
        using var measurements = new MeasurementsOnThisThread();

        clock.DeliveryReported(); // a delivery with no update behind it (a status edit)
        clock.UpdateTaken(UpdateKind.CallbackQuery);
        clock.DeliveryReported(); // an earlier send's report, before this update's reply left
        Assert.Empty(measurements.Of("update_first_reply_seconds"));

        clock.ReplyHanded();
        clock.ReplyHanded();
        clock.DeliveryReported();
        clock.DeliveryReported();

        var timed = Assert.Single(measurements.Of("update_first_reply_seconds"));
        Assert.Equal("callback_query", timed.Tags["kind"]);
        Assert.True(timed.Value >= 0);
    }

    [Fact]
    public void Each_update_starts_its_own_measurement()
    {
        var clock = new FirstReplyClock();
        using var measurements = new MeasurementsOnThisThread();

        foreach (var kind in new[] { UpdateKind.Text, UpdateKind.Photo })
        {
            clock.UpdateTaken(kind);
            clock.ReplyHanded();
            clock.DeliveryReported();
        }

        Assert.Equal(["text", "photo"], measurements.Of("update_first_reply_seconds").Select(m => m.Tags["kind"]));
    }
}
