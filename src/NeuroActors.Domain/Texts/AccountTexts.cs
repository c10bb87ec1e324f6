using NeuroActors.Domain.Accounts;

namespace NeuroActors.Domain.Texts;

/// <summary>
/// What a user reads when an admin or operator changed their account, and what a banned user reads for any update.
/// HTML, reasons escaped here. Kept apart from <see cref="UiTexts"/> because only the admin path uses them.
/// </summary>
public static class AccountTexts
{
    /// <summary>The one answer a banned user gets, for whatever they send.</summary>
    public static string Restricted(Language language) => language == Language.Russian
        ? "⛔ Ваш аккаунт ограничен: заказы и меню недоступны. Если это ошибка, напишите в поддержку."
        : "⛔ Your account is restricted: ordering and menus are not available. If you think this is a mistake, contact support.";

    /// <summary>The notice for a done action; <paramref name="balance"/> is the balance after it.</summary>
    public static string Notice(Language language, AccountAction action, long balance)
    {
        ArgumentNullException.ThrowIfNull(action);
        var t = UiTexts.For(language);
        var ru = language == Language.Russian;
        var reason = string.IsNullOrWhiteSpace(action.Reason) ? string.Empty
            : (ru ? "\nПричина: " : "\nReason: ") + Html.Escape(action.Reason);
        return action.Kind switch
        {
            AccountActionKind.Grant => (ru ? $"🎁 Вам начислено {t.Credits(action.Amount)}. Баланс: {t.Credits(balance)}." : $"🎁 You received {t.Credits(action.Amount)}. Balance: {t.Credits(balance)}.") + reason,
            AccountActionKind.Debit => (ru ? $"➖ С вашего баланса списано {t.Credits(action.Amount)}. Баланс: {t.Credits(balance)}." : $"➖ {t.Credits(action.Amount)} were taken from your balance. Balance: {t.Credits(balance)}.") + reason,
            AccountActionKind.Ban => Restricted(language) + reason,
            _ => ru ? "✅ Ограничения с вашего аккаунта сняты. Отправьте /start, чтобы открыть меню." : "✅ Your account is no longer restricted. Send /start to open the menu.",
        };
    }
}
