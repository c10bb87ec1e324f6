using NeuroActors.Domain.Telegram;

namespace NeuroActors.Tests.Telegram;

public class HandledUpdatesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 14, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_update_is_handled_once_marked_and_marking_again_changes_nothing()
    {
        var handled = HandledUpdates.Empty.Mark(100, T0);

        Assert.True(handled.IsHandled(100, T0));
        Assert.False(handled.IsHandled(101, T0));
        Assert.Equal(handled.Ids, handled.Mark(100, T0).Ids);
    }

    [Fact]
    public void The_window_keeps_the_last_ids_and_treats_older_ones_as_handled()
    {
        var handled = HandledUpdates.WithCapacity(3);
        foreach (var id in new long[] { 10, 11, 12, 13, 14 })
        {
            handled = handled.Mark(id, T0);
        }

        Assert.Equal(3, handled.Ids.Count);
        Assert.Equal(11, handled.Floor);
        Assert.True(handled.IsHandled(10, T0.AddMinutes(5)));
        Assert.True(handled.IsHandled(11, T0.AddMinutes(5)));
        Assert.True(handled.IsHandled(14, T0.AddMinutes(5)));
        Assert.False(handled.IsHandled(15, T0.AddMinutes(5)));
    }

    [Fact]
    public void After_a_week_of_silence_telegrams_restarted_sequence_is_accepted_and_starts_a_fresh_window()
    {
        var handled = HandledUpdates.WithCapacity(2);
        foreach (var id in new long[] { 1000, 1001, 1002 })
        {
            handled = handled.Mark(id, T0);
        }

        var weekLater = T0.AddDays(8);
        Assert.False(handled.IsHandled(5, weekLater));

        handled = handled.Mark(5, weekLater);
        Assert.True(handled.IsHandled(5, weekLater));
        Assert.Null(handled.Floor);
        Assert.False(handled.IsHandled(6, weekLater.AddSeconds(1)));
        Assert.True(handled.Mark(6, weekLater).IsHandled(6, weekLater));
    }

    [Fact]
    public void Random_redeliveries_are_each_seen_as_handled_and_fresh_ids_never_are()
    {
        var random = new Random(3);
        var handled = HandledUpdates.WithCapacity(50);
        var seen = new List<long>();
        long next = 1;
        for (var i = 0; i < 5000; i++)
        {
            var now = T0.AddSeconds(i);
            if (seen.Count > 0 && random.Next(3) == 0)
            {
                var redelivered = seen[Math.Max(0, seen.Count - 1 - random.Next(200))];
                Assert.True(handled.IsHandled(redelivered, now));
            }
            else
            {
                next += random.Next(1, 4);
                Assert.False(handled.IsHandled(next, now));
                handled = handled.Apply(new UpdateHandled(next, now));
                seen.Add(next);
            }

            Assert.True(handled.Ids.Count <= 50);
        }
    }
}
