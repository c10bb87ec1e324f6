using NeuroActors.Domain.Accounts;
using NeuroActors.Domain.Admin;

namespace NeuroActors.Tests.Admin;

public sealed class AdminCommandParserTests
{
    [Theory]
    [InlineData("/start")]
    [InlineData("/help")]
    [InlineData("/cancel")]
    [InlineData("/status G7K2QXMNPA")]
    [InlineData("a fox on a roof")]
    [InlineData("/usr/bin is here")]
    [InlineData("")]
    [InlineData("/")]
    public void What_is_not_an_admin_command_is_left_to_the_user_conversation(string text) =>
        Assert.Null(AdminCommandParser.Parse(text));

    [Fact]
    public void Each_admin_command_is_read_with_its_arguments()
    {
        Assert.IsType<AdminRequest.Panel>(AdminCommandParser.Parse("/admin"));
        Assert.IsType<AdminRequest.Panel>(AdminCommandParser.Parse("/ADMIN@neuro_bot"));
        Assert.IsType<AdminRequest.Stats>(AdminCommandParser.Parse("/stats"));
        Assert.Equal(new AdminRequest.Find(new AdminLookup.Request("G7K2QXMNPA-2")), AdminCommandParser.Parse("/find #g7k2qxmnpa-2"));
        Assert.Equal(new AdminRequest.Find(new AdminLookup.Order("G7K2QXMNPA")), AdminCommandParser.Parse("/find G7K2QXMNPA"));
        Assert.Equal(new AdminRequest.Find(new AdminLookup.KieTask("3f9a1b2c3d4e5f60718293a4b5c6d7e8")), AdminCommandParser.Parse("/find 3f9a1b2c3d4e5f60718293a4b5c6d7e8"));
        Assert.Equal(new AdminRequest.ShowUser(1234, null), AdminCommandParser.Parse("/user 1234"));
        Assert.Equal(new AdminRequest.ShowUser(null, "ann_smith"), AdminCommandParser.Parse("/user @ann_smith"));
        Assert.Equal(new AdminRequest.Account(AccountActionKind.Grant, 1234, 50, "compensation for the outage"), AdminCommandParser.Parse("/grant 1234 50 compensation for the outage"));
        Assert.Equal(new AdminRequest.Account(AccountActionKind.Debit, 1234, 20, "chargeback"), AdminCommandParser.Parse("/debit  1234   20  chargeback "));
        Assert.Equal(new AdminRequest.Account(AccountActionKind.Ban, 1234, 0, "spam links"), AdminCommandParser.Parse("/ban 1234 spam links"));
        Assert.Equal(new AdminRequest.Account(AccountActionKind.Ban, 1234, 0, string.Empty), AdminCommandParser.Parse("/ban 1234"));
        Assert.Equal(new AdminRequest.Account(AccountActionKind.Unban, 1234, 0, string.Empty), AdminCommandParser.Parse("/unban 1234"));
        Assert.Equal(new AdminRequest.Models(0), AdminCommandParser.Parse("/models"));
        Assert.Equal(new AdminRequest.Models(2), AdminCommandParser.Parse("/models 3"));
        Assert.Equal(new AdminRequest.SwitchModel("flux-pro", false), AdminCommandParser.Parse("/model flux-pro off"));
        Assert.Equal(new AdminRequest.SwitchModel("flux-pro", true), AdminCommandParser.Parse("/model flux-pro ON"));
        Assert.IsType<AdminRequest.Sync>(AdminCommandParser.Parse("/sync"));
        Assert.IsType<AdminRequest.Keys>(AdminCommandParser.Parse("/keys"));
        Assert.Equal(new AdminRequest.EnableKey("3f9a1b"), AdminCommandParser.Parse("/key 3f9a1b on"));
        Assert.IsType<AdminRequest.Broadcast>(AdminCommandParser.Parse("/broadcast"));
    }

    [Theory]
    [InlineData("/grant", AdminUsage.Grant)]
    [InlineData("/grant 1234", AdminUsage.Grant)]
    [InlineData("/grant 1234 -5 why", AdminUsage.Grant)]
    [InlineData("/grant 1234 0 why", AdminUsage.Grant)]
    [InlineData("/grant 1234 1.5 why", AdminUsage.Grant)]
    [InlineData("/grant 1234 lots why", AdminUsage.Grant)]
    [InlineData("/grant 1234 99999999999999999999999 why", AdminUsage.Grant)]
    [InlineData("/grant -1234 5 why", AdminUsage.Grant)]
    [InlineData("/grant @ann 5 why", AdminUsage.Grant)]
    [InlineData("/debit abc 5 why", AdminUsage.Debit)]
    [InlineData("/ban", AdminUsage.Ban)]
    [InlineData("/ban 0", AdminUsage.Ban)]
    [InlineData("/unban 12 34", AdminUsage.Unban)]
    [InlineData("/user", AdminUsage.User)]
    [InlineData("/user @a", AdminUsage.User)]
    [InlineData("/user 12 34", AdminUsage.User)]
    [InlineData("/find", AdminUsage.Find)]
    [InlineData("/find two words", AdminUsage.Find)]
    [InlineData("/find <script>", AdminUsage.Find)]
    [InlineData("/model flux-pro", AdminUsage.Model)]
    [InlineData("/model flux-pro maybe", AdminUsage.Model)]
    [InlineData("/key 3f9a1b off", AdminUsage.Key)]
    [InlineData("/key", AdminUsage.Key)]
    public void A_malformed_admin_command_gets_its_usage(string text, AdminUsage usage) =>
        Assert.Equal(new AdminRequest.Usage(usage), AdminCommandParser.Parse(text));

    [Fact]
    public void A_huge_amount_passes_the_parser_and_is_refused_by_the_shared_account_rule()
    {
        var grant = Assert.IsType<AdminRequest.Account>(AdminCommandParser.Parse("/grant 1234 5000 generous"));
        var request = new AccountRequest("tg:1", grant.Kind, grant.Amount, "admin:1", grant.Reason);

        Assert.Contains("Admin:MaxGrant", request.Problem(maxAmount: 1000), StringComparison.Ordinal);
        Assert.Null(request.Problem(maxAmount: 5000));
        var withoutReason = new AccountRequest("tg:2", AccountActionKind.Grant, 5, "admin:1", string.Empty);
        Assert.Contains("reason", withoutReason.Problem(1000), StringComparison.Ordinal);
        Assert.Null(withoutReason.Problem(1000, reasonRequired: false));
    }

    [Fact]
    public void The_request_id_reader_is_shared_with_the_operator_api()
    {
        Assert.Equal("G7K2QXMNPA-2", AdminLookup.ParseRequestId(" #g7k2qxmnpa-2 "));
        Assert.Null(AdminLookup.ParseRequestId("G7K2QXMNPA"));
        Assert.Null(AdminLookup.ParseRequestId("G7K2QXMNPA-100"));
        Assert.Equal(AdminLookup.ParseRequestId("G7K2QXMNPA-3"), Host.Operator.JobOperations.ParseRequestId("G7K2QXMNPA-3"));
    }
}
