using NeuroActors.Domain.Broadcasts;
using NeuroActors.Domain.Orders;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Tests.Broadcasts;

public sealed class BroadcastRulesTests
{
    [Theory]
    [InlineData("Forbidden: bot was blocked by the user", RecipientOutcome.Blocked)]
    [InlineData("Forbidden: bot can't initiate conversation with a user", RecipientOutcome.Blocked)]
    [InlineData("Forbidden: user is deactivated", RecipientOutcome.Left)]
    public void A_403_is_blocked_unless_the_account_is_gone(string description, RecipientOutcome expected) =>
        Assert.Equal(expected, RecipientOutcomes.Classify(new SendOutcome.Blocked(description)));

    [Fact]
    public void Sent_is_sent_a_vanished_chat_is_left_and_any_other_final_answer_failed()
    {
        Assert.Equal(RecipientOutcome.Sent, RecipientOutcomes.Classify(new SendOutcome.Sent([5])));
        Assert.Equal(RecipientOutcome.Left, RecipientOutcomes.Classify(new SendOutcome.Rejected("Bad Request: chat not found")));
        Assert.Equal(RecipientOutcome.Failed, RecipientOutcomes.Classify(new SendOutcome.Rejected("Bad Request: wrong file identifier/HTTP URL specified")));
        Assert.Equal(RecipientOutcome.Failed, RecipientOutcomes.Classify(new SendOutcome.Transient("timeout")));
        Assert.Equal(RecipientOutcome.Failed, RecipientOutcomes.Classify(new SendOutcome.TooLarge("http://x", 1)));
    }

    [Fact]
    public void Only_blocked_and_left_recipients_are_unreachable()
    {
        Assert.True(RecipientOutcome.Blocked.Unreachable());
        Assert.True(RecipientOutcome.Left.Unreachable());
        Assert.False(RecipientOutcome.Sent.Unreachable());
        Assert.False(RecipientOutcome.Failed.Unreachable());
    }

    [Fact]
    public void The_tally_counts_each_outcome_and_their_sum_is_done()
    {
        var tally = BroadcastTally.Empty with { Total = 6 };
        foreach (var outcome in new[] { RecipientOutcome.Sent, RecipientOutcome.Sent, RecipientOutcome.Failed, RecipientOutcome.Blocked, RecipientOutcome.Left })
            tally = tally.Add(outcome);

        Assert.Equal(new BroadcastTally(6, 2, 1, 1, 1), tally);
        Assert.Equal(5, tally.Done);
    }

    [Fact]
    public void Count_edits_wait_for_the_interval_since_the_last_edit()
    {
        var pace = new ProgressPace(TimeSpan.FromSeconds(2));
        var now = new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.Zero, pace.DelayBeforeEdit(null, now));
        Assert.Equal(TimeSpan.FromSeconds(1.5), pace.DelayBeforeEdit(now.AddSeconds(-0.5), now));
        Assert.Equal(TimeSpan.Zero, pace.DelayBeforeEdit(now.AddSeconds(-2), now));
        Assert.Equal(TimeSpan.Zero, pace.DelayBeforeEdit(now.AddMinutes(-1), now));
    }

    [Theory]
    [InlineData(Language.English, "Sent: 3", "Blocked the bot: 1", "4 of 10 done")]
    [InlineData(Language.Russian, "Доставлено: 3", "Заблокировали бота: 1", "Обработано 4 из 10")]
    public void The_progress_message_shows_sent_failed_blocked_and_left_of_all(Language language, string sent, string blocked, string done)
    {
        var screen = BroadcastTexts.Progress(language, 77, BroadcastPhase.Sending, new BroadcastTally(10, 3, 0, 1, 0));

        Assert.Contains("#77", screen.Html, StringComparison.Ordinal);
        Assert.Contains(sent, screen.Html, StringComparison.Ordinal);
        Assert.Contains(blocked, screen.Html, StringComparison.Ordinal);
        Assert.Contains(done, screen.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Its_buttons_pause_or_resume_and_stop_that_broadcast_and_vanish_once_it_is_over()
    {
        Assert.Equal([new CallbackAction.Admin(AdminCommand.PauseBroadcast, 77), new CallbackAction.Admin(AdminCommand.StopBroadcast, 77)],
            Actions(BroadcastTexts.Buttons(Language.English, 77, BroadcastPhase.Sending)));
        Assert.Equal([new CallbackAction.Admin(AdminCommand.PauseBroadcast, 77), new CallbackAction.Admin(AdminCommand.StopBroadcast, 77)],
            Actions(BroadcastTexts.Buttons(Language.Russian, 77, BroadcastPhase.Preparing)));
        Assert.Equal([new CallbackAction.Admin(AdminCommand.ResumeBroadcast, 77), new CallbackAction.Admin(AdminCommand.StopBroadcast, 77)],
            Actions(BroadcastTexts.Buttons(Language.English, 77, BroadcastPhase.Paused)));
        Assert.Null(BroadcastTexts.Buttons(Language.English, 77, BroadcastPhase.Stopped));
        Assert.Null(BroadcastTexts.Buttons(Language.Russian, 77, BroadcastPhase.Finished));
        Assert.Contains("⏸", BroadcastTexts.Buttons(Language.English, 77, BroadcastPhase.Sending)!.Rows[0][0].Text, StringComparison.Ordinal);
        Assert.Contains("▶️", BroadcastTexts.Buttons(Language.English, 77, BroadcastPhase.Paused)!.Rows[0][0].Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(BroadcastPhase.Preparing)]
    [InlineData(BroadcastPhase.Sending)]
    [InlineData(BroadcastPhase.Paused)]
    [InlineData(BroadcastPhase.Stopped)]
    [InlineData(BroadcastPhase.Finished)]
    public void Every_phase_reads_differently_in_each_language(BroadcastPhase phase)
    {
        var tally = new BroadcastTally(2, 1, 0, 0, 0);
        var english = BroadcastTexts.Progress(Language.English, 5, phase, tally).Html;
        var russian = BroadcastTexts.Progress(Language.Russian, 5, phase, tally).Html;

        Assert.NotEqual(english, russian);
        var others = Enum.GetValues<BroadcastPhase>().Where(p => p != phase).Select(p => BroadcastTexts.Progress(Language.English, 5, p, tally).Html);
        Assert.DoesNotContain(english, others);
    }

    [Fact]
    public void Text_goes_as_a_screen_and_a_photo_by_its_file_id_with_the_text_as_caption()
    {
        Assert.Equal(new OutboundMessage.SendScreen(new Screen("<b>News</b>", null)), new BroadcastContent("<b>News</b>", null).ToMessage());
        Assert.Equal(
            new OutboundMessage.SendMedia(new MediaItem(OutboundMediaType.Photo, "AgACAgIAAxk", "<i>Look</i>")),
            new BroadcastContent("<i>Look</i>", "AgACAgIAAxk").ToMessage());
    }

    [Fact]
    public void A_copy_and_the_progress_message_have_delivery_ids_of_their_own()
    {
        Assert.Equal(DeliveryKind.Broadcast, DeliveryId.BroadcastCopy(9, 0).Kind);
        Assert.Equal(1, DeliveryId.BroadcastCopy(9, 0).Part);
        Assert.Equal(0, DeliveryId.BroadcastProgress(9).Part);
        Assert.NotEqual(DeliveryId.BroadcastCopy(9, 0), DeliveryId.BroadcastCopy(10, 0));
    }

    private static CallbackAction[] Actions(InlineKeyboard? keyboard) =>
        keyboard!.Buttons.Select(b => CallbackCodec.Decode(b.CallbackData)).ToArray();
}
