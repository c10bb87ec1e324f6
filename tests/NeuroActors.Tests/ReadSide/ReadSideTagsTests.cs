using Akka.Persistence.Journal;
using NeuroActors.Actors.Jobs;
using NeuroActors.Actors.ReadSide;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Credits;
using NeuroActors.Domain.Orders;
using NeuroActors.Domain.Telegram;

namespace NeuroActors.Tests.ReadSide;

public sealed class ReadSideTagsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_events_the_read_side_needs_are_tagged_and_the_conversation_steps_are_not()
    {
        object[] tagged =
        [
            new ConversationRecorded(new Domain.Conversation.UserRegistered(At)),
            new ProfileSeen("Ann", "en", "ann_fox"),
            new UserSeen(At),
            new BlockedChanged(true, At),
            new LedgerRecorded(new CreditsReserved("R-1", 3, At)),
            new OrderRecorded(new OrderDelivered("R", At)),
            new JobAttemptStarted(1, At),
            new JobReported(At),
            new PaymentRecorded(new Domain.Payments.TopUpPaid("ch-1", 100, 50, true, At)),
            new PaymentRecorded(new Domain.Payments.PaymentRefunded("ch-1", 100, 0, "asked", "admin:1", At)),
        ];
        object[] untagged =
        [
            new ConversationRecorded(new MainMenuOpened()),
            new UpdateRecorded(7, At),
            new OrderRecorded(new OrderPartDelivered("R", 1, At)),
            new JobInputUploaded("https://files/1.png", At),
            new PaymentRecorded(new Domain.Payments.TermsAccepted(At)),
            new PaymentRecorded(new Domain.Payments.PaymentThanked("ch-1", At)),
            "not an event",
        ];

        Assert.All(tagged, e =>
        {
            var stored = Assert.IsType<Tagged>(ReadSideTags.TagFor(e));
            Assert.Same(e, stored.Payload);
            Assert.Equal([ReadSideTags.Tag], stored.Tags);
        });
        Assert.All(untagged, e => Assert.Same(e, ReadSideTags.TagFor(e)));
    }

    [Fact]
    public void An_update_marks_the_user_seen_at_most_once_per_ten_minutes()
    {
        var state = UserState.Empty(42);
        var first = Assert.Single(state.SeenMarkAt(At));
        state = state.Apply(first);
        Assert.Empty(state.SeenMarkAt(At.AddMinutes(9)));
        Assert.Equal(new UserSeen(At.AddMinutes(10)), Assert.Single(state.SeenMarkAt(At.AddMinutes(10))));
    }

    [Fact]
    public void A_changed_username_is_a_profile_change_and_an_unchanged_one_is_not()
    {
        var state = UserState.Empty(42).Apply(new ProfileSeen("Ann", "en", "ann_fox"));
        var same = new IncomingUpdate(1, 42, 42, true, UpdateKind.Text, "Ann", "en", Text: "hi", Username: "ann_fox");
        Assert.Empty(state.ProfileChangeIn(same));
        var renamed = same with { Username = "fox_ann" };
        Assert.Equal(new ProfileSeen("Ann", "en", "fox_ann"), Assert.Single(state.ProfileChangeIn(renamed)));
        Assert.Equal("fox_ann", state.Apply(new ProfileSeen("Ann", "en", "fox_ann")).Username);
    }
}
