using System.Reflection;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Failures;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Tests.Texts;

public class TextsTests
{
    public static TheoryData<Language> Languages => [Language.English, Language.Russian];

    private static IEnumerable<string> FailureKeys() =>
        typeof(FailureTextKeys).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!);

    [Theory]
    [InlineData("ru", Language.Russian)]
    [InlineData("uk", Language.Russian)]
    [InlineData("be", Language.Russian)]
    [InlineData("kk", Language.Russian)]
    [InlineData("ru-RU", Language.Russian)]
    [InlineData("en", Language.English)]
    [InlineData("de", Language.English)]
    [InlineData("pt-br", Language.English)]
    public void Telegram_language_codes_pick_russian_for_ru_uk_be_kk_and_english_otherwise(string code, Language expected)
    {
        Assert.Equal(expected, LanguageResolver.FromTelegramCode(code, Language.Russian));
    }

    [Fact]
    public void A_missing_language_code_takes_the_configured_default()
    {
        Assert.Equal(Language.Russian, LanguageResolver.FromTelegramCode(null, Language.Russian));
        Assert.Equal(Language.English, LanguageResolver.FromTelegramCode("  ", Language.English));
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_failure_key_has_its_own_text_that_says_the_credits_are_back_and_names_the_request(Language language)
    {
        var t = UiTexts.For(language);
        var texts = FailureKeys().ToDictionary(k => k, k => t.Failure(k, new FailureNoticeArgs("G7K2QXMNPA-2", 15, Attempts: 3, PromptLimit: 5000)));

        Assert.Equal(9, texts.Count);
        Assert.All(texts.Values, text =>
        {
            HtmlCheck.AssertWellFormed(text);
            Assert.Contains("#G7K2QXMNPA-2", text, StringComparison.Ordinal);
            Assert.Contains(language == Language.English ? "15 credits are back" : "15 кредитов вернулись", text, StringComparison.Ordinal);
        });
        // Billing and unknown both read as our fault; every other key says something of its own.
        Assert.Equal(texts[FailureTextKeys.Billing], texts[FailureTextKeys.Unknown]);
        Assert.Equal(8, texts.Values.Distinct().Count());
    }

    [Fact]
    public void Failure_texts_say_what_to_change_or_that_the_fault_is_ours()
    {
        var t = UiTexts.English;
        var args = new FailureNoticeArgs("ABCD-1", 15, Attempts: 3);

        Assert.Contains("Change the prompt", t.Failure(FailureTextKeys.ContentPolicy, args), StringComparison.Ordinal);
        Assert.Contains("We tried 3 times", t.Failure(FailureTextKeys.Temporary, args), StringComparison.Ordinal);
        Assert.Contains("not your fault", t.Failure(FailureTextKeys.Billing, args), StringComparison.Ordinal);
        Assert.Contains("not your fault", t.Failure("failure.some_new_key", args), StringComparison.Ordinal);
        Assert.Contains("1 credit is back", t.Failure(FailureTextKeys.Unknown, args with { CreditsBack = 1 }), StringComparison.Ordinal);
        Assert.Equal(FailureRemedy.ChangeInput, UiTexts.RemedyOf(FailureTextKeys.BadImage));
        Assert.Equal(FailureRemedy.TryAgainLater, UiTexts.RemedyOf(FailureTextKeys.TimedOut));
        Assert.Equal(FailureRemedy.OurFault, UiTexts.RemedyOf(FailureTextKeys.Billing));
    }

    [Theory]
    [InlineData(1, "1 кредит")]
    [InlineData(2, "2 кредита")]
    [InlineData(5, "5 кредитов")]
    [InlineData(11, "11 кредитов")]
    [InlineData(14, "14 кредитов")]
    [InlineData(21, "21 кредит")]
    [InlineData(104, "104 кредита")]
    [InlineData(1000, "1\u00A0000 кредитов")]
    public void Russian_credits_take_the_right_plural(long amount, string expected)
    {
        Assert.Equal(expected, UiTexts.Russian.Credits(amount));
    }

    [Theory]
    [InlineData(1, "1st")]
    [InlineData(2, "2nd")]
    [InlineData(3, "3rd")]
    [InlineData(4, "4th")]
    [InlineData(11, "11th")]
    [InlineData(12, "12th")]
    [InlineData(22, "22nd")]
    [InlineData(101, "101st")]
    public void English_queue_places_read_as_ordinals(int place, string expected)
    {
        Assert.Equal(expected, UiTexts.English.Ordinal(place));
    }

    [Theory]
    [InlineData(12, "12 s", "12 с")]
    [InlineData(72, "1 min 12 s", "1 мин 12 с")]
    [InlineData(120, "2 min", "2 мин")]
    [InlineData(3900, "1 h 5 min", "1 ч 5 мин")]
    public void Durations_read_naturally(int seconds, string english, string russian)
    {
        Assert.Equal(english, UiTexts.English.Duration(TimeSpan.FromSeconds(seconds)));
        Assert.Equal(russian, UiTexts.Russian.Duration(TimeSpan.FromSeconds(seconds)));
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_text_with_user_input_escapes_it_and_stays_valid_html(Language language)
    {
        var t = UiTexts.For(language);
        const string evil = "<script>alert('x')</script> & \"quotes\"";
        string[] texts =
        [
            t.ModelCard(evil, evil, 5, true),
            t.TemplateSubjectRequest(evil, evil, 100),
            t.PromptSavedAskImage(evil),
            t.Improving(evil),
            t.ImprovedOffer(evil, evil),
            t.VariantChoice(evil, evil, true, 5),
            t.Confirmation(evil, evil, true, 3, 15, 0),
            t.StatusHeader(MediaKind.Video, evil, 3, "ABCD"),
            t.ResultCaption(evil, evil, "ABCD-1", 1, 3),
            t.ResultAsLink("https://x.test/a?b=1&c=<2>", 60_000_000, TimeSpan.FromHours(24)),
            t.CurrentPrompt(evil),
            t.AdminAlert(FailureClass.Billing, "ABCD-1", 42, evil, evil),
            t.AdminAlert(FailureClass.Unknown, "ABCD-1", 42, "m", null),
        ];

        Assert.All(texts, text =>
        {
            HtmlCheck.AssertWellFormed(text);
            Assert.DoesNotContain("<script>", text, StringComparison.Ordinal);
        });
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_parameterless_text_and_button_exists_and_is_valid_html(Language language)
    {
        var t = UiTexts.For(language);
        var properties = typeof(UiTexts).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.PropertyType == typeof(string));

        Assert.All(properties, p =>
        {
            var value = (string)p.GetValue(t)!;
            Assert.False(string.IsNullOrWhiteSpace(value), p.Name);
            HtmlCheck.AssertWellFormed(value);
        });
        Assert.All(Enum.GetValues<HistoryState>(), s => Assert.False(string.IsNullOrWhiteSpace(t.HistoryStateLabel(s))));
        Assert.All(Enum.GetValues<OtherMedia>(), m => Assert.False(string.IsNullOrWhiteSpace(t.WrongMediaForPhoto(m))));
        Assert.All(Enum.GetValues<MediaKind>(), k => Assert.False(string.IsNullOrWhiteSpace(t.KindName(k))));
    }

    [Fact]
    public void Both_languages_differ_in_every_parameterless_text_except_shared_symbols()
    {
        var properties = typeof(UiTexts).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType == typeof(string) && p.DeclaringType == typeof(UiTexts) && p.GetMethod!.IsAbstract);

        Assert.All(properties, p => Assert.NotEqual(p.GetValue(UiTexts.English), p.GetValue(UiTexts.Russian)));
    }

    [Fact]
    public void Bot_commands_are_published_in_both_languages_with_the_same_names()
    {
        Assert.Equal(UiTexts.English.BotCommands.Select(c => c.Command), UiTexts.Russian.BotCommands.Select(c => c.Command));
        Assert.All(UiTexts.Russian.BotCommands, c => Assert.Matches("^[a-z0-9_]{1,32}$", c.Command));
    }

    [Fact]
    public void The_command_menu_starts_at_the_menu_offers_the_money_commands_and_stays_short()
    {
        foreach (var t in new[] { UiTexts.English, UiTexts.Russian })
        {
            var commands = t.BotCommands.Select(c => c.Command).ToList();
            Assert.InRange(commands.Count, 1, 12);
            Assert.Equal("menu", commands[0]);
            Assert.Equal(commands.Count, commands.Distinct().Count());
            Assert.Subset(commands.ToHashSet(), new HashSet<string> { "models", "balance", "buy", "subscription", "promo", "invite", "paysupport", "terms" });
            Assert.All(t.BotCommands, c => Assert.InRange(c.Description.Length, 1, 256)); // Telegram's limits for a description
        }
    }

    [Fact]
    public void Toasts_fit_a_callback_answer()
    {
        foreach (var t in new[] { UiTexts.English, UiTexts.Russian })
        {
            string[] toasts = [t.OrderStartedToast, t.AlreadyStartedToast, t.OutdatedToast, t.MissingCreditsToast(long.MaxValue / 2), t.CancellingToast, t.LanguageChangedToast];
            Assert.All(toasts, toast => Assert.InRange(toast.Length, 1, 200));
        }
    }

    [Fact]
    public void Shorten_never_cuts_an_emoji_in_half_and_marks_the_cut()
    {
        var text = string.Concat(Enumerable.Repeat("🦊", 10));

        var shortened = Html.Shorten(text, 4);

        Assert.Equal("🦊🦊🦊…", shortened);
        Assert.Equal("short", Html.Shorten("short", 10));
        Assert.Equal("a b", Html.Shorten("a\nb", 10));
        Assert.Equal("a\nb", Html.Shorten("a\r\nb", 10, keepLineBreaks: true));
    }

    [Fact]
    public void Group_chats_are_answered_only_when_configured_and_addressed()
    {
        Assert.Null(NeuroActors.Domain.Telegram.GroupChats.Reply(NeuroActors.Domain.Telegram.GroupChatPolicy.Ignore, Language.English, addressedToBot: true));
        Assert.Null(NeuroActors.Domain.Telegram.GroupChats.Reply(NeuroActors.Domain.Telegram.GroupChatPolicy.AnswerPolitely, Language.English, addressedToBot: false));
        Assert.Contains("private chats only", NeuroActors.Domain.Telegram.GroupChats.Reply(NeuroActors.Domain.Telegram.GroupChatPolicy.AnswerPolitely, Language.English, addressedToBot: true), StringComparison.Ordinal);
        Assert.Contains("личных сообщениях", NeuroActors.Domain.Telegram.GroupChats.Reply(NeuroActors.Domain.Telegram.GroupChatPolicy.AnswerPolitely, Language.Russian, addressedToBot: true), StringComparison.Ordinal);
    }
}
