using System.Collections.Immutable;
using NeuroActors.Domain.Admin;
using NeuroActors.Domain.Promos;

namespace NeuroActors.Tests.Promos;

public sealed class PromoRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("spring25", "SPRING25")]
    [InlineData("  Black-Friday_2026 ", "BLACK-FRIDAY_2026")]
    [InlineData("ABC", "ABC")]
    public void A_code_of_latin_letters_digits_underscores_and_dashes_is_read_in_upper_case(string typed, string code) =>
        Assert.Equal(new PromoCodeReading(code, null), PromoCodes.Read(typed));

    [Theory]
    [InlineData("", PromoCodeProblem.Missing)]
    [InlineData("   ", PromoCodeProblem.Missing)]
    [InlineData("AB", PromoCodeProblem.TooShort)]
    [InlineData("ПРОМО", PromoCodeProblem.OddCharacters)]
    [InlineData("SPR ING", PromoCodeProblem.OddCharacters)]
    [InlineData("<b>X</b>", PromoCodeProblem.OddCharacters)]
    [InlineData("🎁🎁🎁", PromoCodeProblem.OddCharacters)]
    [InlineData("promo$", PromoCodeProblem.OddCharacters)]
    public void Odd_characters_and_wrong_lengths_are_refused_before_any_actor_is_asked(string typed, PromoCodeProblem problem) =>
        Assert.Equal(new PromoCodeReading(null, problem), PromoCodes.Read(typed));

    [Fact]
    public void A_200_character_code_is_too_long_and_33_is_one_too_many()
    {
        Assert.Equal(PromoCodeProblem.TooLong, PromoCodes.Read(new string('A', 200)).Problem);
        Assert.Equal(PromoCodeProblem.TooLong, PromoCodes.Read(new string('A', PromoCodes.MaxLength + 1)).Problem);
        Assert.True(PromoCodes.Read(new string('A', PromoCodes.MaxLength)).IsValid);
    }

    [Fact]
    public void A_code_unknown_to_its_actor_is_unknown()
    {
        Assert.Equal(PromoRedeemOutcome.Unknown, PromoState.Empty("NOPE").Redeem(1, Now));
    }

    [Fact]
    public void Uses_run_out_exactly_at_the_limit_and_a_redeemer_asking_again_is_granted_again()
    {
        var state = Created(uses: 2);
        Assert.Equal(PromoRedeemOutcome.Granted, state.Redeem(1, Now));
        state = state with { Redeemers = state.Redeemers.Add(1) };
        Assert.Equal(PromoRedeemOutcome.Granted, state.Redeem(2, Now));
        state = state with { Redeemers = state.Redeemers.Add(2) };

        Assert.Equal(PromoRedeemOutcome.UsedUp, state.Redeem(3, Now));
        Assert.Equal(PromoRedeemOutcome.Granted, state.Redeem(1, Now)); // the same redemption asked twice
        Assert.Equal(0, state.UsesLeft);
    }

    [Fact]
    public void A_code_expires_at_its_end_and_a_switched_off_code_takes_no_one_new()
    {
        var expiring = Created(uses: 5, expiresAt: Now.AddDays(1));
        Assert.Equal(PromoRedeemOutcome.Granted, expiring.Redeem(1, Now.AddDays(1).AddTicks(-1)));
        Assert.Equal(PromoRedeemOutcome.Expired, expiring.Redeem(1, Now.AddDays(1)));

        Assert.Equal(PromoRedeemOutcome.Disabled, (Created(uses: 5) with { Disabled = true }).Redeem(1, Now));
    }

    [Theory]
    [InlineData("/promo new SPRING 50 100", "SPRING", 50, 100, null)]
    [InlineData("/promo new spring 50 100 7", "SPRING", 50, 100, 7)]
    public void Admins_create_a_code_with_credits_uses_and_optional_days(string text, string code, long credits, int uses, int? days)
    {
        var request = Assert.IsType<AdminRequest.PromoNew>(AdminCommandParser.Parse(text));
        Assert.Equal(new NewPromo(code, credits, uses, days), request.Promo);
        Assert.Equal(days is { } d ? Now.AddDays(d) : null, request.Promo.TermsAt(Now).ExpiresAt);
    }

    [Theory]
    [InlineData("/promo")]
    [InlineData("/promo new")]
    [InlineData("/promo new SPRING 50")]
    [InlineData("/promo new SPRING -5 10")]
    [InlineData("/promo new SPRING 50 0")]
    [InlineData("/promo new SPRING 50 10 0")]
    [InlineData("/promo new SPR!NG 50 10")]
    [InlineData("/promo off")]
    [InlineData("/promo list all")]
    public void A_wrong_promo_command_shows_its_usage(string text) =>
        Assert.Equal(new AdminRequest.Usage(AdminUsage.Promo), AdminCommandParser.Parse(text));

    [Fact]
    public void An_admin_typing_a_code_redeems_it_in_their_own_conversation()
    {
        Assert.Null(AdminCommandParser.Parse("/promo SPRING"));
        Assert.IsType<AdminRequest.PromoList>(AdminCommandParser.Parse("/promo list"));
        Assert.Equal(new AdminRequest.PromoOff("SPRING"), AdminCommandParser.Parse("/promo off spring"));
    }

    private static PromoState Created(int uses, DateTimeOffset? expiresAt = null) =>
        new("CODE", new PromoTerms(50, uses, expiresAt), Now, "admin:1", false, ImmutableHashSet<long>.Empty);
}
