using Akka.Actor;
using NeuroActors.Actors.Broadcasts;
using NeuroActors.Actors.Serialization;
using NeuroActors.Domain.Broadcasts;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Tests.Broadcasts;

public sealed class BroadcastStateTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_snapshot_through_the_serializer_gives_back_the_same_audience_outcomes_counts_and_switches()
    {
        var state = new BroadcastState();
        state.Apply(new BroadcastAccepted(7, 11, 11, Language.Russian, new BroadcastContent("<b>Hi</b>", "photo-id"), BroadcastAudience.ActiveLastWeek, At));
        state.Apply(new BroadcastRecipientsListed(0, [101, 102, 103]));
        state.Apply(new BroadcastRecipientsListed(3, [104, 105]));
        state.Apply(new BroadcastAudienceListed(5, At));
        state.Apply(new BroadcastProgressPosted(700));
        state.Apply(new BroadcastRecipientRecorded(0, 101, RecipientOutcome.Sent));
        state.Apply(new BroadcastRecipientRecorded(1, 102, RecipientOutcome.Blocked));
        state.Apply(new BroadcastRecipientRecorded(3, 104, RecipientOutcome.Left));
        state.Apply(new BroadcastRecipientRecorded(4, 105, RecipientOutcome.Failed));
        state.Apply(new BroadcastPauseChanged(true, 11, At));

        using var system = ActorSystem.Create("broadcast-snapshot");
        var serializer = new NeuroSerializer((ExtendedActorSystem)system);
        var snapshot = state.ToSnapshot();
        var stored = (BroadcastSnapshot)serializer.FromBinary(serializer.ToBinary(snapshot), serializer.Manifest(snapshot));
        var recovered = BroadcastState.From(stored);

        Assert.Equal("sb.lf", stored.Outcomes);
        Assert.Equal(state.Accepted, recovered.Accepted);
        Assert.Equal([101L, 102, 103, 104, 105], recovered.Recipients);
        Assert.Equal(new BroadcastTally(5, 1, 1, 1, 1), recovered.Tally);
        Assert.Equal([true, true, false, true, true], Enumerable.Range(0, 5).Select(recovered.HasOutcome));
        Assert.Equal((BroadcastPhase.Paused, 700L), (recovered.Phase, recovered.ProgressMessageId!.Value));

        // Events after the snapshot apply on top of it.
        recovered.Apply(new BroadcastRecipientRecorded(2, 103, RecipientOutcome.Sent));
        recovered.Apply(new BroadcastFinished(At));
        Assert.True(recovered.AllDone);
        Assert.Equal(BroadcastPhase.Finished, recovered.Phase);
    }

    [Fact]
    public void A_snapshot_taken_before_the_audience_was_listed_keeps_it_preparing()
    {
        var state = new BroadcastState();
        state.Apply(new BroadcastAccepted(7, 11, 11, Language.English, new BroadcastContent("x", null), BroadcastAudience.All, At));

        var recovered = BroadcastState.From(state.ToSnapshot());

        Assert.Equal(BroadcastPhase.Preparing, recovered.Phase);
        Assert.False(recovered.Listed);
        Assert.Empty(recovered.Recipients);
    }
}
