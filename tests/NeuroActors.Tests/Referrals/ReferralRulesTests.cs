using NeuroActors.Domain.Referrals;

namespace NeuroActors.Tests.Referrals;

public sealed class ReferralRulesTests
{
    [Theory]
    [InlineData(1L)]
    [InlineData(42L)]
    [InlineData(7_000_000_123L)]
    [InlineData(long.MaxValue)]
    public void A_referral_code_reads_back_as_its_user(long userId) => Assert.Equal(userId, ReferralCodes.Read(ReferralCodes.Of(userId)));

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("not-a-code")]
    [InlineData("zzzzzzzzzzzzzz")]
    [InlineData("1y2p0ij32e8e8")] // past long.MaxValue
    public void Anything_else_names_nobody(string code) => Assert.Null(ReferralCodes.Read(code));

    [Fact]
    public void The_invite_link_is_a_telegram_deep_link_with_the_ref_prefix()
    {
        Assert.Equal("https://t.me/neuro_bot?start=ref_" + ReferralCodes.Of(123456), ReferralCodes.InviteLink("@neuro_bot", 123456));
        Assert.Equal(new StartLink.Referral(123456), StartLink.Read("ref_" + ReferralCodes.Of(123456)));
        Assert.Equal(new StartLink.Referral(null), StartLink.Read("ref_%%%"));
        Assert.Equal(new StartLink.Promo("spring"), StartLink.Read("promo_spring"));
        Assert.Null(StartLink.Read(""));
        Assert.Null(StartLink.Read("something_else"));
    }

    [Fact]
    public void Only_a_new_user_by_someone_elses_link_is_attributed_and_only_once()
    {
        Assert.Equal(ReferralVerdict.Attribute, ReferralRules.Judge(2, 1, arrivingNow: true, alreadyAttributed: false));
        Assert.Equal(ReferralVerdict.SelfReferral, ReferralRules.Judge(1, 1, arrivingNow: true, alreadyAttributed: false));
        Assert.Equal(ReferralVerdict.Nobody, ReferralRules.Judge(2, null, arrivingNow: true, alreadyAttributed: false));
        Assert.Equal(ReferralVerdict.NotNew, ReferralRules.Judge(2, 1, arrivingNow: false, alreadyAttributed: false));
        Assert.Equal(ReferralVerdict.AlreadyAttributed, ReferralRules.Judge(2, 3, arrivingNow: false, alreadyAttributed: true));
    }
}
