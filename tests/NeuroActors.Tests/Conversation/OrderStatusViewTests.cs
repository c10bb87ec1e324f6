using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Failures;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;
using NeuroActors.Tests.Texts;

namespace NeuroActors.Tests.Conversation;

public class OrderStatusViewTests
{
    private static readonly DateTimeOffset Placed = new(2026, 3, 14, 18, 0, 0, TimeSpan.Zero);

    private static OrderStatus Sora3() => OrderStatus.Placed("G7K2QXMNPA", "Sora 2", MediaKind.Video, 30, 3, Placed, TimeSpan.FromMinutes(3));

    [Fact]
    public void A_queued_order_shows_its_place_and_a_cancel_button()
    {
        var status = Sora3().With(new VariantProgress(1, VariantStage.Queued, QueuePosition: 4))
            .With(new VariantProgress(2, VariantStage.Queued, QueuePosition: 5));

        var screen = OrderStatusView.Render(status, Placed.AddSeconds(5), UiTexts.English);

        Assert.Equal("🎬 <b>Sora 2</b> · 3 variants · #G7K2QXMNPA\n🕒 In queue: 4th\n🕒 1  🕒 2  🕒 3", screen.Html);
        Assert.Equal([new CallbackAction.CancelOrder("G7K2QXMNPA")], screen.Actions());
    }

    [Fact]
    public void Generating_shows_the_progress_kie_reports_with_a_bar_and_the_elapsed_time()
    {
        var started = Placed.AddSeconds(10);
        var status = Sora3()
            .With(new VariantProgress(1, VariantStage.Done))
            .With(new VariantProgress(2, VariantStage.Generating, ProgressPercent: 20, StartedAt: started))
            .With(new VariantProgress(3, VariantStage.Generating, ProgressPercent: 0, StartedAt: started));

        var screen = OrderStatusView.Render(status, started.AddSeconds(72), UiTexts.English);

        Assert.Equal("🎬 <b>Sora 2</b> · 3 variants · #G7K2QXMNPA\n▰▰▰▰▱▱▱▱▱▱ 40% · 1 min 12 s\n✅ 1  ⏳ 2  ⏳ 3", screen.Html);
        Assert.Null(screen.Keyboard);
    }

    [Fact]
    public void Without_reported_progress_the_estimate_follows_the_typical_duration_and_never_claims_the_end()
    {
        var started = Placed;
        var status = OrderStatus.Placed("ABCD", "Kling", MediaKind.Video, 40, 1, Placed, TimeSpan.FromMinutes(2))
            .With(new VariantProgress(1, VariantStage.Generating, StartedAt: started));

        Assert.Equal(50, OrderStatusView.Percent(status, started.AddMinutes(1)));
        Assert.Equal(OrderStatusView.MaxEstimatedPercent, OrderStatusView.Percent(status, started.AddMinutes(30)));
        Assert.Contains("95%", OrderStatusView.Render(status, started.AddMinutes(30), UiTexts.English).Html, StringComparison.Ordinal);
    }

    [Fact]
    public void With_no_estimate_the_status_says_generating_with_the_elapsed_time()
    {
        var status = OrderStatus.Placed("ABCD", "Suno", MediaKind.Music, 10, 1, Placed)
            .With(new VariantProgress(1, VariantStage.Generating, StartedAt: Placed));

        Assert.Equal("🎵 <b>Suno</b> · 1 variant · #ABCD\n⏳ Generating · 45 s", OrderStatusView.Render(status, Placed.AddSeconds(45), UiTexts.English).Html);
    }

    [Fact]
    public void Final_states_say_done_partly_done_failed_or_cancelled_with_the_credits_back()
    {
        var t = UiTexts.English;
        var now = Placed.AddMinutes(5);
        var done = Sora3().With(new VariantProgress(1, VariantStage.Done)).With(new VariantProgress(2, VariantStage.Done)).With(new VariantProgress(3, VariantStage.Done));
        var partly = done.With(new VariantProgress(2, VariantStage.Failed, FailureTextKey: FailureTextKeys.ContentPolicy));
        var failed = Sora3().With(new VariantProgress(1, VariantStage.Failed)).With(new VariantProgress(2, VariantStage.Failed)).With(new VariantProgress(3, VariantStage.Cancelled));
        var cancelled = Sora3().With(new VariantProgress(1, VariantStage.Cancelled)).With(new VariantProgress(2, VariantStage.Cancelled)).With(new VariantProgress(3, VariantStage.Cancelled));

        Assert.Contains("✅ Done: 3 of 3", OrderStatusView.Render(done, now, t).Html, StringComparison.Ordinal);
        Assert.Contains("⚠️ 2 of 3 done. Your 30 credits are back on your balance.", OrderStatusView.Render(partly, now, t).Html, StringComparison.Ordinal);
        Assert.Contains("❌ Failed. Your 90 credits are back on your balance.", OrderStatusView.Render(failed, now, t).Html, StringComparison.Ordinal);
        Assert.Contains("🚫 Cancelled. Your 90 credits are back on your balance.", OrderStatusView.Render(cancelled, now, t).Html, StringComparison.Ordinal);
        Assert.Contains("✅ 1  ❌ 2  ✅ 3", OrderStatusView.Render(partly, now, t).Html, StringComparison.Ordinal);
        Assert.All(new[] { done, partly, failed, cancelled }, s => Assert.Null(OrderStatusView.Render(s, now, t).Keyboard));
    }

    [Fact]
    public void The_status_reads_in_russian_too()
    {
        var status = Sora3().With(new VariantProgress(1, VariantStage.Queued, QueuePosition: 2));

        var html = OrderStatusView.Render(status, Placed, UiTexts.Russian).Html;

        Assert.Equal("🎬 <b>Sora 2</b> · 3 варианта · #G7K2QXMNPA\n🕒 В очереди: 2-й\n🕒 1  🕒 2  🕒 3", html);
        HtmlCheck.AssertWellFormed(html);
    }

    [Fact]
    public void The_gate_never_sends_the_same_screen_twice()
    {
        var status = Sora3();
        var screen = OrderStatusView.Render(status, Placed, UiTexts.English);
        var gate = StatusEditGate.SentInitially(screen, OrderStatusView.Milestone(status), Placed);

        var decision = gate.Consider(screen, OrderStatusView.Milestone(status), Placed.AddMinutes(10), TimeSpan.FromSeconds(5));

        Assert.False(decision.Send);
        Assert.Same(gate, decision.Gate);
    }

    [Fact]
    public void The_gate_sends_a_new_stage_at_once_and_throttles_progress_only_edits()
    {
        var interval = TimeSpan.FromSeconds(5);
        var started = Placed.AddSeconds(1);
        var queued = Sora3();
        var gate = StatusEditGate.SentInitially(OrderStatusView.Render(queued, Placed, UiTexts.English), OrderStatusView.Milestone(queued), Placed);

        var generating = queued.With(new VariantProgress(1, VariantStage.Generating, ProgressPercent: 10, StartedAt: started));
        var stage = gate.Consider(OrderStatusView.Render(generating, started, UiTexts.English), OrderStatusView.Milestone(generating), started, interval);
        Assert.True(stage.Send);

        var moreProgress = generating.With(new VariantProgress(1, VariantStage.Generating, ProgressPercent: 40, StartedAt: started));
        var early = stage.Gate.Consider(OrderStatusView.Render(moreProgress, started.AddSeconds(2), UiTexts.English), OrderStatusView.Milestone(moreProgress), started.AddSeconds(2), interval);
        Assert.False(early.Send);
        Assert.Equal(started + interval, early.DueAt);

        var later = early.Gate.Consider(OrderStatusView.Render(moreProgress, started.AddSeconds(6), UiTexts.English), OrderStatusView.Milestone(moreProgress), started.AddSeconds(6), interval);
        Assert.True(later.Send);

        var done = moreProgress.With(new VariantProgress(1, VariantStage.Done));
        var immediate = later.Gate.Consider(OrderStatusView.Render(done, started.AddSeconds(7), UiTexts.English), OrderStatusView.Milestone(done), started.AddSeconds(7), interval);
        Assert.True(immediate.Send);
    }

    [Fact]
    public void Result_messages_carry_the_request_id_and_the_next_steps()
    {
        var t = UiTexts.English;

        var caption = OrderMessages.Caption(t, "Sora 2", new string('w', 2000), "G7K2QXMNPA-2", 2, 3);
        Assert.StartsWith("Sora 2 · 2/3 · #G7K2QXMNPA-2\n“", caption, StringComparison.Ordinal);
        Assert.True(caption.Length <= 1024);

        var ready = OrderMessages.Ready(t, "G7K2QXMNPA", 3, 3);
        Assert.Equal("✅ Ready: all 3 results are above · #G7K2QXMNPA", ready.Html);
        Assert.Equal(["🔁 Make another", "✏️ Change prompt", "🏠 Menu"], ready.Keyboard!.Buttons.Select(b => b.Text));

        var userFix = OrderMessages.Failure(t, "G7K2QXMNPA", FailureTextKeys.ContentPolicy, new FailureNoticeArgs("G7K2QXMNPA-1", 30));
        Assert.Contains(new CallbackAction.ChangePrompt("G7K2QXMNPA"), userFix.Actions());
        var temporary = OrderMessages.Failure(t, "G7K2QXMNPA", FailureTextKeys.Temporary, new FailureNoticeArgs("G7K2QXMNPA-1", 30, 3));
        Assert.Contains(new CallbackAction.MakeAnother("G7K2QXMNPA"), temporary.Actions());
        var ours = OrderMessages.Failure(t, "G7K2QXMNPA", FailureTextKeys.Billing, new FailureNoticeArgs("G7K2QXMNPA-1", 30));
        Assert.Equal([CallbackAction.OpenMainMenu.Instance], ours.Actions());

        Assert.True(OrderMessages.NeedsAdminAlert(FailureClass.Billing));
        Assert.True(OrderMessages.NeedsAdminAlert(FailureClass.Unknown));
        Assert.False(OrderMessages.NeedsAdminAlert(FailureClass.UserViolation));
        Assert.Contains("user <code>42</code>", OrderMessages.AdminAlert(t, FailureClass.Billing, "ABCD-1", 42, "sora-2", "insufficient credits"), StringComparison.Ordinal);
    }
}
