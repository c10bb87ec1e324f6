using NeuroActors.Domain.Accounts;
using NeuroActors.Domain.Admin;
using NeuroActors.Domain.Broadcasts;
using NeuroActors.Domain.Catalog;
using NeuroActors.Domain.Credits;
using NeuroActors.Domain.Failures;
using NeuroActors.Domain.Kie;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;
using NeuroActors.Tests.Texts;

namespace NeuroActors.Tests.Admin;

public sealed class AdminTextsAndKeyboardsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 15, 30, 0, TimeSpan.Zero);

    public static TheoryData<Language> Languages => [Language.English, Language.Russian];

    [Fact]
    public void A_grant_answers_with_what_changed()
    {
        Assert.Equal(
            "✅ +50 credits to Ann (id 1234), reason: compensation. Balance: 170.",
            AdminTexts.AccountDone(Language.English, AccountActionKind.Grant, 50, "Ann", 1234, "compensation", 170));
        Assert.Equal(
            "✅ +50 кредитов: Ann (id 1234), причина: compensation. Баланс: 170.",
            AdminTexts.AccountDone(Language.Russian, AccountActionKind.Grant, 50, "Ann", 1234, "compensation", 170));
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_admin_text_is_well_formed_html_with_what_users_and_kie_wrote_escaped(Language language)
    {
        const string nasty = "<b>x</b> & <script>";
        var story = new AdminOrderStory("G7K2QXMNPA", 1234, nasty, "flux-pro", nasty + new string('p', 500),
        [
            new AdminVariantStory("G7K2QXMNPA-1", "settled",
            [
                new AdminAttemptLine(1, At, "task-1", "****c0de#3f9a1b", At, FailureClass.Temporary, nasty, At, At.AddSeconds(10)),
                new AdminAttemptLine(2, At, "task-2", "****c0de#3f9a1b", At, null, null, null, null),
            ], "Done", null, ReservationState.Captured, 5, At, At, At),
        ]);
        var card = new AdminUserCard(1234, nasty, "en", 120, 10, 3, At, true, nasty, true, [new AdminOrderLine("G7K2QXMNPA", "flux-pro", 3, 5, "Done", At)]);
        var model = new AdminModelEntry("flux-pro", new LocalizedText("Flux", "Флакс"), GenerationKind.TextToImage, ApiFamily.Market, "flux/pro", false,
            [new HiddenReason(VisibilityReason.Unavailable, nasty), new HiddenReason(VisibilityReason.BlockedNoPrice, string.Empty)], null, 0, null, null);
        var texts = new[]
        {
            AdminTexts.Panel(language, new HousekeepingLine(true, At, 12, ["dedup: " + nasty], At.AddHours(1))),
            AdminTexts.Panel(language, new HousekeepingLine(false, null, null, [], null)),
            AdminTexts.OrderStory(language, story),
            AdminTexts.UserCard(language, card),
            AdminTexts.Models(language, AdminModelsPage.Of([model], 0)),
            AdminTexts.Keys(language, [new AdminKeyLine("****c0de#3f9a1b", "Disabled", null, "NoCredits", nasty, 3, 40, 1, 12.5m)], 2),
            AdminTexts.Sync(language, new AdminSyncLine(true, true, 7, null, ["a<b"], ["c&d"], ["e 5→6"])),
            AdminTexts.Sync(language, new AdminSyncLine(false, false, 7, nasty, [], [], [])),
            AdminTexts.AccountDone(language, AccountActionKind.Ban, 0, nasty, 1, nasty, 0),
            AdminTexts.Refused(language, nasty),
            AdminTexts.NotFound(language, nasty),
            AdminTexts.UnknownModel(language, nasty),
            AdminTexts.UnknownKey(language, nasty),
            AdminTexts.UnknownUsername(language, "ann"),
            AdminTexts.KeyAlert(language, "****c0de#3f9a1b", "NoCredits", nasty, At),
            AdminTexts.AmountHint(language, AccountActionKind.Debit, 1234),
            AdminTexts.BroadcastConfirm(language, BroadcastAudience.ActiveLastWeek),
            AdminTexts.NoAnswer(language),
        }.Concat(Enum.GetValues<AdminUsage>().Select(u => AdminTexts.Usage(language, u)));

        Assert.All(texts, text =>
        {
            HtmlCheck.AssertWellFormed(text);
            Assert.DoesNotContain("<script>", text, StringComparison.Ordinal);
            Assert.DoesNotContain("<b>x</b>", text, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void The_order_story_shows_each_attempt_with_its_task_key_failure_and_kie_words_and_the_credits()
    {
        var story = new AdminOrderStory("G7K2QXMNPA", 1234, "Ann", "flux-pro", "a fox on a roof",
        [
            new AdminVariantStory("G7K2QXMNPA-1", "settled",
            [
                new AdminAttemptLine(1, At, "task-one", "****c0de#3f9a1b", At, FailureClass.Temporary, "Internal Error, Please try again later.", At, At.AddSeconds(10)),
                new AdminAttemptLine(2, At.AddSeconds(10), "task-two", "****c0de#3f9a1b", At.AddSeconds(10), null, null, null, null),
            ], "Done", null, ReservationState.Captured, 5, At, At.AddSeconds(30), At.AddSeconds(31)),
        ]);

        var text = AdminTexts.OrderStory(Language.English, story);

        Assert.Contains("Ann (id <code>1234</code>)", text, StringComparison.Ordinal);
        Assert.Contains("Prompt: a fox on a roof", text, StringComparison.Ordinal);
        Assert.Contains("attempt 1: task <code>task-one</code>, key ****c0de#3f9a1b", text, StringComparison.Ordinal);
        Assert.Contains("failed Temporary", text, StringComparison.Ordinal);
        Assert.Contains("KIE said: “Internal Error, Please try again later.”", text, StringComparison.Ordinal);
        Assert.Contains("attempt 2: task <code>task-two</code>", text, StringComparison.Ordinal);
        Assert.Contains("retries: 1; credits: 5 reserved, captured", text, StringComparison.Ordinal);
        Assert.Contains("delivered 2026-12-04 15:30:31 UTC", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_admin_keyboard_decodes_to_admin_buttons_within_telegram_limits(Language language)
    {
        var keyboards = new[]
        {
            AdminKeyboards.Panel(language),
            AdminKeyboards.User(language, long.MaxValue, banned: false),
            AdminKeyboards.User(language, 1, banned: true),
            AdminKeyboards.Models(language, 0, 1),
            AdminKeyboards.Models(language, 3, 9),
            AdminKeyboards.Audience(language, long.MaxValue),
            AdminKeyboards.Confirm(language, long.MaxValue),
        };

        Assert.All(keyboards.SelectMany(k => k.Buttons), button =>
        {
            Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(button.CallbackData!), 1, 64);
            Assert.IsNotType<CallbackAction.Outdated>(CallbackCodec.Decode(button.CallbackData));
        });
        Assert.Equal(
            [AdminCommand.Metrics, AdminCommand.FindRequest, AdminCommand.Users, AdminCommand.Models, AdminCommand.Keys, AdminCommand.Broadcast],
            keyboards[0].Buttons.Select(b => ((CallbackAction.Admin)CallbackCodec.Decode(b.CallbackData)).Command));
        Assert.Contains(keyboards[2].Buttons, b => CallbackCodec.Decode(b.CallbackData) == new CallbackAction.Admin(AdminCommand.UnbanUser, 1));
        var pager = keyboards[4].Buttons.Select(b => CallbackCodec.Decode(b.CallbackData)).ToArray();
        Assert.Contains(new CallbackAction.Admin(AdminCommand.ModelsPage, 2), pager);
        Assert.Contains(new CallbackAction.Admin(AdminCommand.ModelsPage, 4), pager);
        Assert.DoesNotContain(keyboards[3].Buttons, b => CallbackCodec.Decode(b.CallbackData) is CallbackAction.Admin { Command: AdminCommand.ModelsPage });
    }

    [Fact]
    public void Models_are_paged_and_a_page_past_the_end_shows_the_last()
    {
        var models = Enumerable.Range(1, 23).Select(i => new AdminModelEntry($"m{i}", new LocalizedText("M", "М"), GenerationKind.TextToImage, ApiFamily.Market, "k", true, [], 1, 1, null, null)).ToArray();

        var last = AdminModelsPage.Of(models, 99);

        Assert.Equal((2, 3, 3), (last.Page, last.Pages, last.Models.Count));
        Assert.Equal(AdminModelsPage.PerPage, AdminModelsPage.Of(models, 0).Models.Count);
        Assert.Equal((0, 1), (AdminModelsPage.Of([], 0).Page, AdminModelsPage.Of([], 0).Pages));
    }

    [Fact]
    public void A_broadcast_draft_takes_text_or_a_photo_within_telegram_limits_then_an_audience()
    {
        Assert.Equal(new BroadcastContent("<b>News</b>", null), BroadcastDraft.ContentOf("  <b>News</b> ", null));
        Assert.Equal(new BroadcastContent(string.Empty, "photo-id"), BroadcastDraft.ContentOf(null, "photo-id"));
        Assert.Null(BroadcastDraft.ContentOf("   ", null));
        Assert.Null(BroadcastDraft.ContentOf(new string('x', BroadcastDraft.MaxTextChars + 1), null));
        Assert.Null(BroadcastDraft.ContentOf(new string('x', BroadcastDraft.MaxCaptionChars + 1), "photo-id"));

        var draft = new BroadcastDraft(77);
        Assert.Equal(BroadcastDraftStep.AwaitingContent, draft.Step);
        Assert.Equal(BroadcastDraftStep.AwaitingAudience, (draft with { Content = new BroadcastContent("hi", null) }).Step);
        Assert.Equal(BroadcastDraftStep.AwaitingConfirmation, (draft with { Content = new BroadcastContent("hi", null), Audience = BroadcastAudience.Russian }).Step);
        Assert.Equal(BroadcastAudience.ActiveLastWeek, BroadcastDraft.AudienceOf(AdminCommand.BroadcastToActive));
        Assert.Null(BroadcastDraft.AudienceOf(AdminCommand.ConfirmBroadcast));
    }

    [Fact]
    public void A_key_counts_its_last_hour_and_forgets_older_minutes()
    {
        var hour = new KeyUsageHour();
        hour.Called(KieWorkKind.Create, At);
        hour.Called(KieWorkKind.Query, At);
        hour.Called(KieWorkKind.Query, At.AddMinutes(30));
        hour.RateLimited(At.AddMinutes(59));

        Assert.Equal(new KeyUsage(1, 2, 1), hour.LastHour(At.AddMinutes(59)));
        Assert.Equal(new KeyUsage(0, 1, 1), hour.LastHour(At.AddMinutes(60)));

        hour.Called(KieWorkKind.Create, At.AddMinutes(120)); // reuses the first minute's bucket, an hour and more later
        Assert.Equal(new KeyUsage(1, 0, 0), hour.LastHour(At.AddMinutes(120)));
    }
}
