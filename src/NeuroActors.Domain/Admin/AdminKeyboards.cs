using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Domain.Admin;

/// <summary>The admin screens' inline keyboards; every button is a <see cref="CallbackAction.Admin"/>.</summary>
public static class AdminKeyboards
{
    public static InlineKeyboard Panel(Language language) =>
        InlineKeyboard.Of(
            [Button(language, AdminCommand.Metrics), Button(language, AdminCommand.FindRequest)],
            [Button(language, AdminCommand.Users), Button(language, AdminCommand.Models)],
            [Button(language, AdminCommand.Keys), Button(language, AdminCommand.Broadcast)]);

    /// <summary>Under a /user card: the commands to type for a grant or debit, ban or unban, the order history.</summary>
    public static InlineKeyboard User(Language language, long userId, bool banned) =>
        InlineKeyboard.Of(
            [Button(language, AdminCommand.GrantHint, userId), Button(language, AdminCommand.DebitHint, userId)],
            [Button(language, banned ? AdminCommand.UnbanUser : AdminCommand.BanUser, userId), Button(language, AdminCommand.UserHistory, userId)]);

    /// <summary>◀ ▶ over the /models pages (page 0-based), and a resync.</summary>
    public static InlineKeyboard Models(Language language, int page, int pages)
    {
        var pager = new List<InlineButton>();
        if (page > 0)
        {
            pager.Add(InlineButton.For("◀", new CallbackAction.Admin(AdminCommand.ModelsPage, page - 1)));
        }

        if (pages > 1)
        {
            pager.Add(InlineButton.For($"{page + 1}/{pages}", CallbackAction.Noop.Instance));
        }

        if (page + 1 < pages)
        {
            pager.Add(InlineButton.For("▶", new CallbackAction.Admin(AdminCommand.ModelsPage, page + 1)));
        }

        return new InlineKeyboard([pager, [Button(language, AdminCommand.ResyncModels)], [Button(language, AdminCommand.Panel)]]);
    }

    public static InlineKeyboard Audience(Language language, long broadcastId) =>
        InlineKeyboard.Of(
            [Button(language, AdminCommand.BroadcastToAll, broadcastId), Button(language, AdminCommand.BroadcastToActive, broadcastId)],
            [Button(language, AdminCommand.BroadcastToRussian, broadcastId), Button(language, AdminCommand.BroadcastToEnglish, broadcastId)],
            [Button(language, AdminCommand.CancelBroadcast, broadcastId)]);

    public static InlineKeyboard Confirm(Language language, long broadcastId) =>
        InlineKeyboard.Of([Button(language, AdminCommand.ConfirmBroadcast, broadcastId), Button(language, AdminCommand.CancelBroadcast, broadcastId)]);

    private static InlineButton Button(Language language, AdminCommand command, long argument = 0) =>
        InlineButton.For(AdminTexts.Button(language, command), new CallbackAction.Admin(command, argument));
}
